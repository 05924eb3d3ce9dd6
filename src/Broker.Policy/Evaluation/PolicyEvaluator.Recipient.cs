using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Policy.Evaluation;

public static partial class PolicyEvaluator
{
    // Precondition: CheckAlert passed, so the origin is listed and active.
    private static RecipientDecision DecideChecked(AlertFacts alert, AgencyId recipientId, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
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

        if (!policies.TryGetInForce(origin.Country, at, out var originPolicy))
        {
            lines.Add(new ExplanationLine(ExplanationStage.Outbound, $"{origin.Country} has no sharing policy in force at {at:O}: default deny"));
            return Denied(recipientId, DenyReason.NoOriginPolicy, lines, [], []);
        }

        if (!policies.TryGetInForce(recipient.Country, at, out var destinationPolicy))
        {
            lines.Add(new ExplanationLine(ExplanationStage.Inbound, $"{recipient.Country} has no sharing policy in force at {at:O}: default deny"));
            return Denied(recipientId, DenyReason.NoDestinationPolicy, lines, [originPolicy.Ref], []);
        }

        PolicyVersionRef[] used = originPolicy.Ref == destinationPolicy.Ref ? [originPolicy.Ref] : [originPolicy.Ref, destinationPolicy.Ref];
        var outbound = EvaluateDirection(originPolicy, PolicyDirection.Outbound, origin, recipient, alert);
        var inbound = EvaluateDirection(destinationPolicy, PolicyDirection.Inbound, recipient, origin, alert);
        lines.AddRange(outbound.Lines);
        lines.AddRange(inbound.Lines);
        if (!outbound.AdmitsMarkings || !inbound.AdmitsMarkings)
        {
            var failed = outbound.AdmitsMarkings ? inbound : outbound;
            PolicyRuleRef[] rules = failed.FailureRule is { } rule ? [rule] : [];
            return Denied(recipientId, failed.FailureReason, lines, used, rules);
        }

        return Combine(alert, recipientId, outbound, inbound, lines, used);
    }

    private static RecipientDecision Combine(
        AlertFacts alert, AgencyId recipient, DirectionResult outbound, DirectionResult inbound, List<ExplanationLine> lines, PolicyVersionRef[] used)
    {
        var allClasses = alert.Views.SelectMany(v => v.DataClasses).Distinct().ToArray();
        var mask = outbound.ViewMask & inbound.ViewMask;
        if (mask == 0)
        {
            var blocked = allClasses.Where(c => !outbound.Passing.Any(r => r.Permits(c)) || !inbound.Passing.Any(r => r.Permits(c))).ToList();
            if (blocked.Count == 0)
            {
                // Each class is admitted by some rule, but no single rule pair admits a whole view.
                blocked = allClasses.Where(c => !outbound.Passing.All(r => r.Permits(c)) || !inbound.Passing.All(r => r.Permits(c))).ToList();
            }

            var withheld = blocked.OrderBy(c => c.Value, StringComparer.Ordinal).ToArray();
            lines.Add(new ExplanationLine(ExplanationStage.Views, $"no prepared view leaves out {string.Join(", ", withheld)}; nothing is delivered"));
            return new RecipientDecision
            {
                Recipient = recipient,
                Outcome = DecisionOutcome.Withheld,
                WithheldClasses = withheld,
                Explanation = lines,
                PoliciesUsed = used,
                DecidingRules = [outbound.RefOf(outbound.Passing[0]), inbound.RefOf(inbound.Passing[0])],
            };
        }

        var permitted = Enumerable.Range(0, alert.Views.Count).Where(v => (mask & (1UL << v)) != 0).ToArray();
        var best = permitted.OrderByDescending(v => alert.Views[v].DataClasses.Count).ThenBy(v => v).First();
        var delivered = alert.Views[best].DataClasses.ToHashSet();
        var left = allClasses.Where(c => !delivered.Contains(c)).OrderBy(c => c.Value, StringComparer.Ordinal).ToArray();
        lines.Add(new ExplanationLine(ExplanationStage.Views, left.Length == 0
            ? $"delivers view {best}"
            : $"delivers view {best}, which leaves out {string.Join(", ", left)}"));
        return new RecipientDecision
        {
            Recipient = recipient,
            Outcome = DecisionOutcome.Allow,
            ViewIndex = best,
            PermittedViews = permitted,
            WithheldClasses = left,
            Explanation = lines,
            PoliciesUsed = used,
            DecidingRules = [outbound.RefOf(outbound.RuleForView[best]!), inbound.RefOf(inbound.RuleForView[best]!)],
        };
    }
}
