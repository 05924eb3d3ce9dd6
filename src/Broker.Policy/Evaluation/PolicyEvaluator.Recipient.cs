using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Policy.Evaluation;

public static partial class PolicyEvaluator
{
    // Precondition: CheckAlert passed, so the origin is listed and active. allClasses: the distinct classes of all views.
    private static RecipientDecision DecideChecked(
        AlertFacts alert, DataClass[] allClasses, AgencyId recipientId, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
    {
        var lines = new List<ExplanationLine>();
        if (!directory.TryFind(alert.Origin, out var origin) || !directory.TryFind(recipientId, out var recipient))
        {
            lines.Add(new ExplanationLine(ExplanationStage.Directory, $"{recipientId} is not in the agency directory"));
            return Denied(recipientId, DenyReason.UnknownRecipient, lines, [], []);
        }

        if (recipient.Id == origin.Id)
        {
            lines.Add(new ExplanationLine(ExplanationStage.Directory, $"{recipientId} is the origin of the alert"));
            return Denied(recipientId, DenyReason.RecipientIsOrigin, lines, [], []);
        }

        if (recipient.State != AgencyState.Active)
        {
            lines.Add(new ExplanationLine(ExplanationStage.Directory, $"{recipientId} is {recipient.State.ToString().ToLowerInvariant()} in the registry"));
            return Denied(recipientId, DenyReason.RecipientNotActive, lines, [], []);
        }

        if (!policies.TryGetCompiled(origin.Country, at, out var originCompiled))
        {
            lines.Add(new ExplanationLine(ExplanationStage.Outbound, $"{origin.Country} has no sharing policy in force at {at:O}: default deny"));
            return Denied(recipientId, DenyReason.NoOriginPolicy, lines, [], []);
        }

        if (!policies.TryGetCompiled(recipient.Country, at, out var destinationCompiled))
        {
            lines.Add(new ExplanationLine(ExplanationStage.Inbound, $"{recipient.Country} has no sharing policy in force at {at:O}: default deny"));
            return Denied(recipientId, DenyReason.NoDestinationPolicy, lines, [originCompiled.Policy.Ref], []);
        }

        var (originPolicy, destinationPolicy) = (originCompiled.Policy, destinationCompiled.Policy);

        PolicyVersionRef[] used = originPolicy.Ref == destinationPolicy.Ref ? [originPolicy.Ref] : [originPolicy.Ref, destinationPolicy.Ref];
        var outbound = EvaluateDirection(originCompiled, PolicyDirection.Outbound, origin, recipient, alert);
        var inbound = EvaluateDirection(destinationCompiled, PolicyDirection.Inbound, recipient, origin, alert);
        if (!outbound.AdmitsMarkings || !inbound.AdmitsMarkings)
        {
            var failed = outbound.AdmitsMarkings ? inbound : outbound;
            PolicyRuleRef[] rules = failed.FailureRule is { } rule ? [rule] : [];
            return Denied(recipientId, failed.FailureReason, Explain(alert, outbound, inbound, null), used, rules);
        }

        var mask = outbound.ViewMask & inbound.ViewMask;
        return mask == 0
            ? Withheld(recipientId, allClasses, outbound, inbound, alert, used)
            : Allowed(alert, allClasses, recipientId, mask, outbound, inbound, used);
    }

    private static LazyExplanation Explain(AlertFacts alert, DirectionResult outbound, DirectionResult inbound, Func<ExplanationLine>? last) => new(() =>
    {
        var lines = new List<ExplanationLine>();
        Render(outbound, alert, lines);
        Render(inbound, alert, lines);
        if (last is not null)
        {
            lines.Add(last());
        }

        return lines;
    });

    private static RecipientDecision Allowed(
        AlertFacts alert, DataClass[] allClasses, AgencyId recipient, ulong mask, DirectionResult outbound, DirectionResult inbound, PolicyVersionRef[] used)
    {
        // The permitted view with the most data classes is delivered; the lowest index wins a tie.
        var permitted = new int[System.Numerics.BitOperations.PopCount(mask)];
        var best = -1;
        var n = 0;
        for (var v = 0; v < alert.Views.Count; v++)
        {
            if ((mask & (1UL << v)) != 0)
            {
                permitted[n++] = v;
                if (best < 0 || alert.Views[v].DataClasses.Count > alert.Views[best].DataClasses.Count)
                {
                    best = v;
                }
            }
        }

        var delivered = alert.Views[best].DataClasses;
        var left = allClasses.Length == delivered.Count ? [] : allClasses.Where(c => !delivered.Contains(c)).ToArray();

        var explanation = Explain(alert, outbound, inbound, () => new ExplanationLine(ExplanationStage.Views, left.Length == 0
            ? $"delivers view {best}"
            : $"delivers view {best}, which leaves out {string.Join(", ", left)}"));
        return new RecipientDecision
        {
            Recipient = recipient,
            Outcome = DecisionOutcome.Allow,
            ViewIndex = best,
            PermittedViews = permitted,
            WithheldClasses = left,
            Explanation = explanation,
            PoliciesUsed = used,
            DecidingRules = [outbound.RefOf(outbound.RuleForView(best)), inbound.RefOf(inbound.RuleForView(best))],
        };
    }

    private static RecipientDecision Withheld(
        AgencyId recipient, DataClass[] allClasses, DirectionResult outbound, DirectionResult inbound, AlertFacts alert, PolicyVersionRef[] used)
    {
        var blocked = allClasses.Where(c => !outbound.Passing.Any(r => r.Permits(c)) || !inbound.Passing.Any(r => r.Permits(c))).ToList();
        if (blocked.Count == 0)
        {
            // Each class is admitted by some rule, but no single rule pair admits a whole view.
            blocked = allClasses.Where(c => !outbound.Passing.All(r => r.Permits(c)) || !inbound.Passing.All(r => r.Permits(c))).ToList();
        }

        var withheld = blocked.OrderBy(c => c.Value, StringComparer.Ordinal).ToArray();
        var explanation = Explain(alert, outbound, inbound, () => new ExplanationLine(ExplanationStage.Views, $"no prepared view leaves out {string.Join(", ", withheld)}; nothing is delivered"));
        return new RecipientDecision
        {
            Recipient = recipient,
            Outcome = DecisionOutcome.Withheld,
            WithheldClasses = withheld,
            Explanation = explanation,
            PoliciesUsed = used,
            DecidingRules = [outbound.RefOf(outbound.Passing.First()), inbound.RefOf(inbound.Passing.First())],
        };
    }
}
