using Broker.Policy.Model;

namespace Broker.Policy.Evaluation;

// What one policy's outbound or inbound section says about one (local, peer) pair for one alert. Verdicts are recorded as
// data; their wording is rendered only when someone reads the explanation.
internal sealed class DirectionResult
{
    public required SharingPolicy Policy { get; init; }

    public required PolicyDirection Direction { get; init; }

    public required DirectoryAgency Local { get; init; }

    public required DirectoryAgency Peer { get; init; }

    public PolicyRule? DenyingRule { get; set; }

    /// <summary>The first (lowest id) applicable allow rule that the markings failed, and why.</summary>
    public (PolicyRule Rule, DenyReason Reason)? FirstFailure { get; set; }

    /// <summary>Every applicable rule in id order: deny rules (reason DeniedByRule), failed allow rules, passing allow rules (None).</summary>
    public required (PolicyRule Rule, DenyReason Failure, ulong Admitted)[] Verdicts { get; init; }

    public int PassingCount { get; set; }

    /// <summary>Allow rules whose markings checks passed, in id order.</summary>
    public IEnumerable<PolicyRule> Passing => Verdicts.Where(v => v.Failure == DenyReason.None).Select(v => v.Rule);

    /// <summary>Bit i set: some passing rule admits view i.</summary>
    public ulong ViewMask { get; set; }

    /// <summary>The lowest-id passing rule that admits the view.</summary>
    public PolicyRule RuleForView(int view) => Verdicts.First(v => v.Failure == DenyReason.None && (v.Admitted & (1UL << view)) != 0).Rule;

    public bool AdmitsMarkings => DenyingRule is null && PassingCount > 0;

    public PolicyRuleRef RefOf(PolicyRule rule) => new(Policy.Ref, Direction, rule.Id);

    public DenyReason FailureReason => DenyingRule is not null ? DenyReason.DeniedByRule
        : FirstFailure is { } failure ? failure.Reason
        : DenyReason.NoMatchingRule;

    public PolicyRuleRef? FailureRule => DenyingRule is not null ? RefOf(DenyingRule)
        : FirstFailure is { } failure ? RefOf(failure.Rule)
        : null;
}

/// <summary>
/// The explanation of a decision reached through both policies, rendered on first read from the recorded verdicts: routing
/// decisions that nobody reads cost no text, and the text an auditor reads is the same whenever it is rendered.
/// </summary>
internal sealed class LazyExplanation(AlertFacts alert, DirectionResult outbound, DirectionResult inbound, int deliveredView, DataClass[] classes)
    : IReadOnlyList<ExplanationLine>
{
    private List<ExplanationLine>? _lines;

    public int Count => Lines.Count;

    private List<ExplanationLine> Lines => _lines ??= PolicyEvaluator.Render(alert, outbound, inbound, deliveredView, classes);

    public ExplanationLine this[int index] => Lines[index];

    public IEnumerator<ExplanationLine> GetEnumerator() => Lines.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
