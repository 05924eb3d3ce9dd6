namespace Broker.Protocol.Envelopes;

/// <summary>
/// An envelope whose composite signature, suite, sender key, freshness and structure have been checked by <c>Envelope.TryVerify</c>.
/// Only <c>TryVerify</c> creates one, so holding it is proof of those checks; it carries no key or plaintext.
/// </summary>
public sealed class VerifiedEnvelope
{
    internal VerifiedEnvelope(EnvelopeHeader header, ReadOnlyMemory<byte> bytes, EnvelopeWire wire, IReadOnlyList<Vocabulary.AgencyId> presentRecipients, IReadOnlyList<int> presentViews)
    {
        Header = header;
        Bytes = bytes;
        Wire = wire;
        PresentRecipients = presentRecipients;
        PresentViews = presentViews;
    }

    public EnvelopeHeader Header { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Agencies whose stanza is still present (the header may list more: their stanzas were stripped).</summary>
    public IReadOnlyList<Vocabulary.AgencyId> PresentRecipients { get; }

    /// <summary>Indexes of the views whose ciphertext is still present.</summary>
    public IReadOnlyList<int> PresentViews { get; }

    internal EnvelopeWire Wire { get; }
}
