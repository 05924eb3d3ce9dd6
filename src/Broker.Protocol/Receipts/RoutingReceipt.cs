using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Receipts;

/// <summary>What the hub did with one message from <see cref="RoutingReceipt.Sender"/>: routed (delivered to some, withheld from others) or rejected.</summary>
public enum ReceiptOutcome
{
    Routed = 1,
    Rejected = 2,
}

/// <summary>A recipient the hub did not deliver to, with a stable code (e.g. <c>policy-denied</c>) and a human-readable reason.</summary>
public sealed record WithheldRecipient(AgencyId Agency, string Code, string Reason);

/// <summary>
/// The hub's routing receipt to an originator, signed by a hub key from the trust registry's <c>HubEntry</c>
/// (purpose <see cref="RoutingReceiptCodec.SignaturePurpose"/>). It names no content, only ids, agencies and reasons.
/// </summary>
public sealed record RoutingReceipt
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string ReceiptId { get; init; }
    public required string HubId { get; init; }
    public required AgencyId Sender { get; init; }

    /// <summary>The envelope id (hex) the receipt is about; null when the message was too broken to name one.</summary>
    public string? EnvelopeId { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required ReceiptOutcome Outcome { get; init; }

    /// <summary>Set when <see cref="Outcome"/> is <see cref="ReceiptOutcome.Rejected"/>: the same code as the dead letter's <c>x-reject-code</c>.</summary>
    public string? RejectCode { get; init; }
    public string? RejectReason { get; init; }
    public IReadOnlyList<AgencyId> DeliveredTo { get; init; } = [];
    public IReadOnlyList<WithheldRecipient> Withheld { get; init; } = [];
}
