using Broker.Audit.Verification;

namespace Broker.Audit.Replay;

/// <summary>The outcome of <see cref="AuditReplayer"/>: every difference between what was recorded and what replay computes.</summary>
public sealed record AuditReplay
{
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required long EntriesReplayed { get; init; }
    public required long EnvelopesReverified { get; init; }
    public required long DecisionsReplayed { get; init; }
    /// <summary>Decisions that could not be re-evaluated (no registry in force, or the envelope's archive is missing): checked for consistency only.</summary>
    public required long DecisionsNotReevaluated { get; init; }
    public required AuditStatistics Statistics { get; init; }
    public bool IsClean => Findings.Count == 0;
}
