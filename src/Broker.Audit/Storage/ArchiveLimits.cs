namespace Broker.Audit.Storage;

/// <summary>What the archive keeps of a body the hub refused (protocols/audit-log.md §6).</summary>
public static class ArchiveLimits
{
    /// <summary>
    /// A body that failed verification is archived only up to this size (64 KiB, several times a usual alert envelope), so auditors
    /// can re-check the verdict of ordinary rejections while a sender cannot fill the archive with large junk; above it the log keeps
    /// its hash and size only, and the verifier expects no archived copy. Routed envelopes are always archived whole.
    /// </summary>
    public const int MaxRefusedEnvelopeBytes = 64 * 1024;
}
