using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Envelopes;

/// <summary>What a recipient gets from <c>Envelope.TryOpen</c>: the verified header and the plaintext of the view addressed to it.</summary>
public sealed record OpenedEnvelope(EnvelopeHeader Header, int ViewIndex, IReadOnlyList<DataClass> DataClasses, byte[] Plaintext);
