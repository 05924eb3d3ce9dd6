using Broker.Policy.Model;

namespace Broker.Policy.Evaluation;

// What one policy's outbound or inbound section says about one (local, peer) pair for one alert.
internal sealed class DirectionResult
{
    public required SharingPolicy Policy { get; init; }

    public required PolicyDirection Direction { get; init; }

    public PolicyRule? DenyingRule { get; set; }

    public bool AnyRuleMatched { get; set; }

    /// <summary>The first (lowest id) applicable allow rule that the markings failed, and why.</summary>
    public (PolicyRule Rule, DenyReason Reason)? FirstFailure { get; set; }

    public List<PolicyRule> Passing { get; } = [];

    /// <summary>Bit i set: some passing rule admits view i.</summary>
    public ulong ViewMask { get; set; }

    /// <summary>For each view, the lowest-id passing rule that admits it.</summary>
    public required PolicyRule?[] RuleForView { get; init; }

    public List<ExplanationLine> Lines { get; } = [];

    public bool AdmitsMarkings => DenyingRule is null && Passing.Count > 0;

    public PolicyRuleRef RefOf(PolicyRule rule) => new(Policy.Ref, Direction, rule.Id);

    public DenyReason FailureReason => DenyingRule is not null ? DenyReason.DeniedByRule
        : FirstFailure is { } failure ? failure.Reason
        : DenyReason.NoMatchingRule;

    public PolicyRuleRef? FailureRule => DenyingRule is not null ? RefOf(DenyingRule)
        : FirstFailure is { } failure ? RefOf(failure.Rule)
        : null;
}
