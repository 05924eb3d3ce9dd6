using Broker.Policy.Model;

namespace Broker.Policy.Evaluation;

/// <summary>Which stage of the evaluation an explanation line comes from.</summary>
public enum ExplanationStage
{
    Alert = 1,
    Directory = 2,
    Outbound = 3,
    Inbound = 4,
    Views = 5,
}

/// <summary>
/// One line of the reasoning behind a decision; <see cref="Rule"/> names the policy rule when one decided. A decision's lines are
/// rendered from immutable inputs on first read, so routing does not pay for wording nobody reads; audits get the same words.
/// </summary>
public sealed class ExplanationLine
{
    public ExplanationLine(ExplanationStage stage, string text, PolicyRuleRef? rule = null)
    {
        Stage = stage;
        Text = text;
        Rule = rule;
    }

    public ExplanationStage Stage { get; }

    public PolicyRuleRef? Rule { get; }

    public string Text { get; }

    public override string ToString() => Rule is { } rule ? $"[{Stage}] {rule}: {Text}" : $"[{Stage}] {Text}";
}

/// <summary>
/// The decision for one candidate recipient. Allow carries the view to deliver (and every view the policies would permit, so the
/// hub can check the sender's choice); Withheld carries the data classes no prepared view could leave out; Deny carries the reason.
/// Every decision carries its explanation and the exact policy versions it used.
/// </summary>
public sealed record RecipientDecision
{
    public required AgencyId Recipient { get; init; }

    public required DecisionOutcome Outcome { get; init; }

    public DenyReason Reason { get; init; }

    /// <summary>The view to deliver (the permitted view with the most data classes, lowest index on a tie); null unless allowed.</summary>
    public int? ViewIndex { get; init; }

    public IReadOnlyList<int> PermittedViews { get; init; } = [];

    /// <summary>Classes of the alert the recipient does not get (Allow with a reduced view, or Withheld).</summary>
    public IReadOnlyList<DataClass> WithheldClasses { get; init; } = [];

    public required IReadOnlyList<ExplanationLine> Explanation { get; init; }

    public IReadOnlyList<PolicyVersionRef> PoliciesUsed { get; init; } = [];

    /// <summary>The outbound and inbound rules that allowed the delivered view, or the rule that denied.</summary>
    public IReadOnlyList<PolicyRuleRef> DecidingRules { get; init; } = [];

    public bool IsAllowed => Outcome == DecisionOutcome.Allow;

    /// <summary>True when the policies let this recipient receive the given view (the hub's check of the sender's choice).</summary>
    public bool Permits(int viewIndex) => Outcome == DecisionOutcome.Allow && PermittedViews.Contains(viewIndex);

    public string Summary => Outcome switch
    {
        DecisionOutcome.Allow => WithheldClasses.Count == 0
            ? $"ALLOW {Recipient}: view {ViewIndex}"
            : $"ALLOW {Recipient}: view {ViewIndex}, without {string.Join(", ", WithheldClasses)}",
        DecisionOutcome.Withheld => $"WITHHELD {Recipient}: no prepared view leaves out {string.Join(", ", WithheldClasses)}",
        DecisionOutcome.Deny => $"DENY {Recipient}: {Reason}",
        _ => $"DENY {Recipient}: {Reason}",
    };
}

/// <summary>The evaluation of one alert: a decision per candidate recipient, sorted by agency id.</summary>
public sealed record AlertEvaluation
{
    /// <summary>Set when the alert itself is refused (contradictory markings, expired, unknown origin); then every candidate is denied.</summary>
    public DenyReason Refusal { get; init; }

    public string? RefusalText { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    public required IReadOnlyList<RecipientDecision> Decisions { get; init; }

    /// <summary>Every policy version any decision used.</summary>
    public required IReadOnlyList<PolicyVersionRef> PoliciesUsed { get; init; }

    public bool IsRefused => Refusal != DenyReason.None;

    public IEnumerable<RecipientDecision> Allowed => Decisions.Where(d => d.IsAllowed);
}
