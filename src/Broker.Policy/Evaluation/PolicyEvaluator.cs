using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Policy.Evaluation;

/// <summary>
/// Decides, for every candidate recipient of an alert, whether it may receive the alert and which view. Evaluation is pure (no
/// I/O, no clock but the time passed in) and fails closed: default deny, a matching deny rule always wins, an unknown agency,
/// a missing policy or a marking that cannot be evaluated denies. Rules are considered in id order, so document order never
/// matters. The gateway runs this before sealing and the hub runs it again, independently, on the signed header.
/// </summary>
public static partial class PolicyEvaluator
{
    /// <summary>Evaluates one alert: a decision for every candidate (the addressees, or every listed agency for a broadcast).</summary>
    public static AlertEvaluation Evaluate(AlertFacts alert, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(policies);
        var candidates = Candidates(alert, directory);
        var (refusal, refusalText) = CheckAlert(alert, directory, at);
        var allClasses = refusal == DenyReason.None ? AllClasses(alert) : [];
        var decisions = new RecipientDecision[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            decisions[i] = refusal == DenyReason.None
                ? DecideChecked(alert, allClasses, candidates[i], directory, policies, at)
                : Denied(candidates[i], refusal, [new ExplanationLine(ExplanationStage.Alert, $"the alert is refused: {refusalText}")], [], []);
        }

        return new AlertEvaluation
        {
            Refusal = refusal,
            RefusalText = refusalText,
            EvaluatedAt = at,
            Decisions = decisions,
            PoliciesUsed = Used(decisions),
        };
    }

    /// <summary>Evaluates one alert for one recipient, whether or not the alert addresses it (dry runs and explanations).</summary>
    public static RecipientDecision Decide(AlertFacts alert, AgencyId recipient, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(policies);
        var (refusal, text) = CheckAlert(alert, directory, at);
        return refusal == DenyReason.None
            ? DecideChecked(alert, AllClasses(alert), recipient, directory, policies, at)
            : Denied(recipient, refusal, [new ExplanationLine(ExplanationStage.Alert, $"the alert is refused: {text}")], [], []);
    }

    private static PolicyVersionRef[] Used(RecipientDecision[] decisions)
    {
        var used = new List<PolicyVersionRef>();
        foreach (var decision in decisions)
        {
            foreach (var policy in decision.PoliciesUsed)
            {
                if (!used.Contains(policy))
                {
                    used.Add(policy);
                }
            }
        }

        used.Sort((a, b) => string.CompareOrdinal(a.Country.Value, b.Country.Value));
        return [.. used];
    }

    private static DataClass[] AllClasses(AlertFacts alert) => alert.Views.SelectMany(v => v.DataClasses).Distinct().ToArray();

    private static List<AgencyId> Candidates(AlertFacts alert, IAgencyDirectory directory)
    {
        var result = new HashSet<AgencyId>();
        if (alert.Broadcast)
        {
            result.UnionWith(directory.Agencies.Select(a => a.Id).Where(id => id != alert.Origin));
        }
        else
        {
            result.UnionWith(alert.AddressedAgencies);
            if (alert.AddressedCountries.Count > 0)
            {
                var countries = alert.AddressedCountries.ToHashSet();
                result.UnionWith(directory.Agencies.Where(a => countries.Contains(a.Country) && a.Id != alert.Origin).Select(a => a.Id));
            }
        }

        var list = result.ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        return list;
    }

    private static RecipientDecision Denied(
        AgencyId recipient, DenyReason reason, IReadOnlyList<ExplanationLine> lines, IReadOnlyList<PolicyVersionRef> used, IReadOnlyList<PolicyRuleRef> rules) =>
        new()
        {
            Recipient = recipient,
            Outcome = DecisionOutcome.Deny,
            Reason = reason,
            Explanation = lines,
            PoliciesUsed = used,
            DecidingRules = rules,
        };
}
