namespace Broker.Audit.Sequencing;

/// <summary>Options of the single log writer.</summary>
public sealed record AuditSequencerOptions
{
    public static AuditSequencerOptions Default { get; } = new();

    /// <summary>Names the log inside every tree head, so heads of two logs are never compared as one.</summary>
    public string LogId { get; init; } = "broker-audit";

    /// <summary>Most entries written in one store transaction.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>How often a tree head is signed while the log grows; zero publishes on demand only.</summary>
    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Least time between two tree heads signed for receipts. A receipt whose entry no head covers yet waits until this much
    /// time has passed since the last head, so under load one signature covers every receipt of that interval instead of the
    /// signer running back to back (a composite signature costs about a millisecond of CPU). Measured on the sequencer's
    /// <see cref="TimeProvider"/>. Zero signs at once.
    /// </summary>
    public TimeSpan ReceiptHeadSpacing { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Told when a scheduled tree-head publication fails (the host logs it); the next tick retries.</summary>
    public Action<Exception>? ScheduledPublishFailed { get; init; }
}

/// <summary>Where an appended entry landed.</summary>
public sealed record AppendedEntry(long Index, byte[] LeafHash, DateTimeOffset Timestamp);
