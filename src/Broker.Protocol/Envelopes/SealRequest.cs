using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Envelopes;

/// <summary>One redaction level of the content; its index in <see cref="SealRequest.Views"/> is its view index.</summary>
public sealed record ViewContent(IReadOnlyList<DataClass> DataClasses, ReadOnlyMemory<byte> Plaintext);

/// <summary>An addressed agency, the view it is to get and its current encryption key (from the trust registry).</summary>
public sealed record RecipientSpec(AgencyId Agency, int ViewIndex, EncryptionPublicKey Key);

/// <summary>
/// What a gateway asks to seal. <c>Envelope.Seal</c> validates it against <see cref="ProtocolLimits"/> and throws
/// <see cref="ArgumentException"/> for a request that could not produce a valid envelope (duplicate recipient, unused view,
/// bad view index, expiry not after creation, sizes over the caps). Times are carried with millisecond precision.
/// </summary>
public sealed record SealRequest
{
    public required EnvelopeId Id { get; init; }

    public MessageKind Kind { get; init; } = MessageKind.Alert;

    public EnvelopeId? InReplyTo { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required Category Category { get; init; }

    public Priority Priority { get; init; } = Priority.Routine;

    public required Tlp Tlp { get; init; }

    public Classification Classification { get; init; } = Classification.Restricted;

    public HandlingCodes Handling { get; init; }

    public bool Broadcast { get; init; }

    public required IReadOnlyList<ViewContent> Views { get; init; }

    public required IReadOnlyList<RecipientSpec> Recipients { get; init; }
}
