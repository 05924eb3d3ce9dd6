namespace Broker.Gateway.Storage;

/// <summary>
/// Outbox life cycle: <c>Pending</c> (stored, acked to the agency system) → <c>Sealed</c> (envelope bytes stored once, so
/// every retry republishes the same envelope id) → <c>Sent</c> (the hub's broker confirmed). <c>Failed</c> is final: the
/// alert could not be sealed (no recipient, no key) and the agency system was told.
/// </summary>
internal enum OutboxState
{
    Pending = 0,
    Sealed = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>What an outbox entry carries: an agency's alert, or this gateway's signed delivery receipt for an alert it received.</summary>
internal enum OutboxKind
{
    Alert = 0,
    DeliveryReceipt = 1,
}

internal sealed record OutboxEntry
{
    public OutboxKind Kind { get; init; }

    public required Guid AlertId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required byte[] AlertJson { get; init; }
    public required OutboxState State { get; init; }
    public string? EnvelopeId { get; init; }
    public byte[]? Envelope { get; init; }
    public string? Recipients { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The sharing-policy versions that decided the recipients (<c>CC:vN:sha256</c>, space-separated); null for receipts.</summary>
    public string? PolicyVersions { get; init; }
}
