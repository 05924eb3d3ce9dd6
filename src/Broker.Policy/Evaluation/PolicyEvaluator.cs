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
        var context = refusal == DenyReason.None ? new AlertContext(alert, directory, policies, at) : null;
        var decisions = new RecipientDecision[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            decisions[i] = refusal == DenyReason.None
                ? DecideChecked(context!, candidates[i])
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
            ? DecideChecked(new AlertContext(alert, directory, policies, at), recipient)
            : Denied(recipient, refusal, [new ExplanationLine(ExplanationStage.Alert, $"the alert is refused: {text}")], [], []);
    }

    private static PolicyVersionRef[] Used(RecipientDecision[] decisions)
    {
        var used = new List<PolicyVersionRef>();
        foreach (var decision in decisions)
        {
            var policies = decision.PoliciesUsed;
            for (var i = 0; i < policies.Count; i++)
            {
                if (!used.Contains(policies[i]))
                {
                    used.Add(policies[i]);
                }
            }
        }

        used.Sort((a, b) => string.CompareOrdinal(a.Country.Value, b.Country.Value));
        return [.. used];
    }

    /// <summary>Decides for the given recipients of one alert, sharing the per-alert work (the hub's path for a header).</summary>
    internal static RecipientDecision[] DecideEach(AlertFacts alert, IReadOnlyList<AgencyId> recipients, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
    {
        var (refusal, text) = CheckAlert(alert, directory, at);
        var context = refusal == DenyReason.None ? new AlertContext(alert, directory, policies, at) : null;
        var decisions = new RecipientDecision[recipients.Count];
        for (var i = 0; i < recipients.Count; i++)
        {
            decisions[i] = context is not null
                ? DecideChecked(context, recipients[i])
                : Denied(recipients[i], refusal, [new ExplanationLine(ExplanationStage.Alert, $"the alert is refused: {text}")], [], []);
        }

        return decisions;
    }

    private static DataClass[] AllClassesOf(AlertFacts alert)
    {
        var classes = new List<DataClass>();
        for (var v = 0; v < alert.Views.Count; v++)
        {
            var viewClasses = alert.Views[v].DataClasses;
            for (var c = 0; c < viewClasses.Count; c++)
            {
                if (!classes.Contains(viewClasses[c]))
                {
                    classes.Add(viewClasses[c]);
                }
            }
        }

        return [.. classes];
    }

    private static List<AgencyId> Candidates(AlertFacts alert, IAgencyDirectory directory)
    {
        // Fast path: agencies only, already sorted and unique (as in an envelope header): no set, no sort.
        if (!alert.Broadcast && alert.AddressedCountries.Count == 0 && IsSortedUnique(alert.AddressedAgencies))
        {
            return [.. alert.AddressedAgencies];
        }

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

    private static bool IsSortedUnique(IReadOnlyList<AgencyId> agencies)
    {
        for (var i = 1; i < agencies.Count; i++)
        {
            if (string.CompareOrdinal(agencies[i - 1].Value, agencies[i].Value) >= 0)
            {
                return false;
            }
        }

        return true;
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
