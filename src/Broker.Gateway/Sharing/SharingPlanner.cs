using Broker.Gateway.Alerts;
using Broker.Policy.Evaluation;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;
using AlertView = Broker.Gateway.Alerts.AlertView;
using PolicyView = Broker.Policy.Evaluation.AlertView;

namespace Broker.Gateway.Sharing;

/// <summary>
/// Evaluates an alert against the sharing policies and prepares the views to seal. It starts from the full alert; every
/// candidate the policies would serve without some data classes (outcome Withheld) gets a view redacted of exactly those
/// classes, and the alert is evaluated again, so each recipient ends up with the richest view both its policies admit. Only
/// views some sealed recipient uses are kept (the envelope refuses unused views); candidates that stay withheld or denied are
/// not sealed for, and the plan says why for each.
/// </summary>
internal static class SharingPlanner
{
    private const int MaxRounds = 4;

    public static AlertFacts Facts(CaseAlert alert, IReadOnlyList<AlertView> views)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(views);
        return new AlertFacts
        {
            Origin = alert.Origin,
            Category = alert.Category,
            Priority = alert.Priority,
            Tlp = alert.Tlp,
            Classification = alert.Classification,
            Handling = alert.Handling,
            Broadcast = alert.Addressing.Broadcast,
            AddressedAgencies = alert.Addressing.Agencies,
            AddressedCountries = alert.Addressing.Countries,
            Expires = alert.Expires,
            Views = [.. views.Select(v => new PolicyView(v.DataClasses))],
        };
    }

    /// <summary>Plans the views and recipients; <paramref name="canSeal"/> returns null when an allowed recipient can be sealed for (a current encryption key), else the reason.</summary>
    public static SharingPlan Plan(
        CaseAlert alert, ReadOnlySpan<byte> alertJson, PolicySet policies, IAgencyDirectory agencies, DateTimeOffset now, Func<AgencyId, string?> canSeal)
    {
        ArgumentNullException.ThrowIfNull(canSeal);
        var views = new List<AlertView> { AlertRedactor.Redact(alertJson, new HashSet<DataClass>()) };
        var byClasses = new Dictionary<string, int>(StringComparer.Ordinal) { [Key(views[0].DataClasses)] = 0 };
        var evaluation = PolicyEvaluator.Evaluate(Facts(alert, views), agencies, policies, now);
        for (var round = 0; round < MaxRounds && !evaluation.IsRefused; round++)
        {
            var added = false;
            foreach (var decision in evaluation.Decisions.Where(d => d.Outcome == DecisionOutcome.Withheld && views.Count < AlertFacts.MaxViews))
            {
                var view = AlertRedactor.Redact(alertJson, decision.WithheldClasses.ToHashSet());
                if (byClasses.TryAdd(Key(view.DataClasses), views.Count))
                {
                    views.Add(view);
                    added = true;
                }
            }

            if (!added)
            {
                break;
            }

            evaluation = PolicyEvaluator.Evaluate(Facts(alert, views), agencies, policies, now);
        }

        return Compact(evaluation, views, canSeal);
    }

    private static SharingPlan Compact(AlertEvaluation evaluation, List<AlertView> views, Func<AgencyId, string?> canSeal)
    {
        var alertClasses = views[0].DataClasses;
        var used = new Dictionary<int, int>();
        var kept = new List<AlertView>();
        var recipients = new List<PlannedRecipient>();
        var outcomes = new List<RecipientOutcome>(evaluation.Decisions.Count);
        foreach (var decision in evaluation.Decisions)
        {
            if (decision is not { Outcome: DecisionOutcome.Allow, ViewIndex: { } chosen })
            {
                outcomes.Add(new RecipientOutcome(decision, null, [], decision.WithheldClasses));
                continue;
            }

            var delivered = views[chosen].DataClasses;
            var withheld = alertClasses.Where(c => !delivered.Contains(c)).ToArray();
            if (canSeal(decision.Recipient) is { } skipped)
            {
                outcomes.Add(new RecipientOutcome(decision, null, [], withheld, skipped));
                continue;
            }

            if (!used.TryGetValue(chosen, out var index))
            {
                index = kept.Count;
                used[chosen] = index;
                kept.Add(views[chosen]);
            }

            recipients.Add(new PlannedRecipient(decision.Recipient, index));
            outcomes.Add(new RecipientOutcome(decision, index, delivered, withheld));
        }

        return new SharingPlan { Evaluation = evaluation, Views = kept, Recipients = recipients, Outcomes = outcomes, AlertClasses = alertClasses };
    }

    private static string Key(IReadOnlyList<DataClass> classes) => string.Join(',', classes.Select(c => c.Value));
}
