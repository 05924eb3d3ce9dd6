using Broker.Protocol.Transparency;


namespace Broker.Audit.Verification;

/// <summary>The outcome of <see cref="AuditVerifier"/>: findings (empty means the log checked out) and what was checked.</summary>
public sealed record AuditVerification
{
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required long EntryCount { get; init; }
    public required int TreeHeadsChecked { get; init; }
    public required int WitnessHeadsChecked { get; init; }
    public required long EnvelopesChecked { get; init; }
    /// <summary>The largest validly signed tree head that matches the recomputed tree, if any.</summary>
    public SignedTreeHead? LatestVerifiedHead { get; init; }
    /// <summary>Entries after the latest verified head: durable but not yet committed to by a signature.</summary>
    public long UncoveredEntries { get; init; }
    public required AuditStatistics Statistics { get; init; }
    public bool IsClean => Findings.Count == 0;
}

/// <summary>Progress of a long check: entries done out of the total known at the start.</summary>
public readonly record struct AuditProgress(string Stage, long Done, long Total);
