using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;
using AlertView = Broker.Gateway.Alerts.AlertView;

namespace Broker.Gateway.Sharing;

/// <summary>A recipient to seal for and the index of its view among <see cref="SharingPlan.Views"/>.</summary>
internal sealed record PlannedRecipient(AgencyId Agency, int ViewIndex);

/// <summary>
/// What the policies decided for one candidate: the evaluator's decision, and (when it is sealed for) the data classes it gets and
/// the classes of the alert it does not get. <see cref="Skipped"/> names why an allowed candidate is still not sealed for.
/// </summary>
internal sealed record RecipientOutcome(RecipientDecision Decision, int? ViewIndex, IReadOnlyList<DataClass> Delivered, IReadOnlyList<DataClass> Withheld, string? Skipped = null)
{
    public bool IsSealed => ViewIndex is not null;
}

/// <summary>
/// The outcome of evaluating an alert against the policies in force: the views to seal (each used by a sealed recipient), the
/// recipients, and an outcome per candidate for the sharing notice. Refused when the alert's markings contradict each other.
/// </summary>
internal sealed record SharingPlan
{
    public required AlertEvaluation Evaluation { get; init; }

    public required IReadOnlyList<AlertView> Views { get; init; }

    public required IReadOnlyList<PlannedRecipient> Recipients { get; init; }

    public required IReadOnlyList<RecipientOutcome> Outcomes { get; init; }

    /// <summary>Every data class the alert carries.</summary>
    public required IReadOnlyList<DataClass> AlertClasses { get; init; }

    public bool IsRefused => Evaluation.IsRefused;

    /// <summary>The policy versions that decided, as <c>CC vN sha256</c> items for the outbox record.</summary>
    public string PolicyVersions => string.Join(' ', Evaluation.PoliciesUsed.Select(p => $"{p.Country}:v{p.Version}:{p.Digest}"));
}
