using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Policy.Evaluation;

public static partial class PolicyEvaluator
{
    // Once per alert: what every recipient's decision shares.
    private sealed class AlertContext
    {
        public AlertContext(AlertFacts alert, IAgencyDirectory directory, PolicySet policies, DateTimeOffset at)
        {
            (Alert, Directory, Policies, At) = (alert, directory, policies, at);
            AllClasses = AllClassesOf(alert);
            directory.TryFind(alert.Origin, out var origin);
            Origin = origin;
            OriginPolicy = origin is not null && policies.TryGetCompiled(origin.Country, at, out var compiled) ? compiled : null;
        }

        public AlertFacts Alert { get; }

        public IAgencyDirectory Directory { get; }

        public PolicySet Policies { get; }

        public DateTimeOffset At { get; }

        public DataClass[] AllClasses { get; }

        public DirectoryAgency? Origin { get; }

        public CompiledPolicy? OriginPolicy { get; }
    }

    // Precondition: CheckAlert passed, so the origin is listed and active.
    private static RecipientDecision DecideChecked(AlertContext context, AgencyId recipientId)
    {
        var (alert, directory, policies, at, allClasses) = (context.Alert, context.Directory, context.Policies, context.At, context.AllClasses);
        var origin = context.Origin;
        if (origin is null || !directory.TryFind(recipientId, out var recipient))
        {
            return Denied(recipientId, DenyReason.UnknownRecipient, [new(ExplanationStage.Directory, $"{recipientId} is not in the agency directory")], [], []);
        }

        if (recipient.Id == origin.Id)
        {
            return Denied(recipientId, DenyReason.RecipientIsOrigin, [new(ExplanationStage.Directory, $"{recipientId} is the origin of the alert")], [], []);
        }

        if (recipient.State != AgencyState.Active)
        {
            return Denied(recipientId, DenyReason.RecipientNotActive,
                [new(ExplanationStage.Directory, $"{recipientId} is {recipient.State.ToString().ToLowerInvariant()} in the registry")], [], []);
        }

        if (context.OriginPolicy is not { } originCompiled)
        {
            return Denied(recipientId, DenyReason.NoOriginPolicy,
                [new(ExplanationStage.Outbound, $"{origin.Country} has no sharing policy in force at {at:O}: default deny")], [], []);
        }

        if (!policies.TryGetCompiled(recipient.Country, at, out var destinationCompiled))
        {
            return Denied(recipientId, DenyReason.NoDestinationPolicy,
                [new(ExplanationStage.Inbound, $"{recipient.Country} has no sharing policy in force at {at:O}: default deny")], [originCompiled.Policy.Ref], []);
        }

        var (originPolicy, destinationPolicy) = (originCompiled.Policy, destinationCompiled.Policy);

        PolicyVersionRef[] used = originPolicy.Ref == destinationPolicy.Ref ? [originPolicy.Ref] : [originPolicy.Ref, destinationPolicy.Ref];
        var outbound = EvaluateDirection(originCompiled, PolicyDirection.Outbound, origin, recipient, alert);
        var inbound = EvaluateDirection(destinationCompiled, PolicyDirection.Inbound, recipient, origin, alert);
        if (!outbound.AdmitsMarkings || !inbound.AdmitsMarkings)
        {
            var failed = outbound.AdmitsMarkings ? inbound : outbound;
            PolicyRuleRef[] rules = failed.FailureRule is { } rule ? [rule] : [];
            return Denied(recipientId, failed.FailureReason, new LazyExplanation(alert, outbound, inbound, -2, []), used, rules);
        }

        var mask = outbound.ViewMask & inbound.ViewMask;
        return mask == 0
            ? Withheld(recipientId, allClasses, outbound, inbound, alert, used)
            : Allowed(alert, allClasses, recipientId, mask, outbound, inbound, used);
    }

    // deliveredView: the view delivered (Allow), -1 for Withheld (classes = withheld classes), -2 for a denial.
    internal static List<ExplanationLine> Render(AlertFacts alert, DirectionResult outbound, DirectionResult inbound, int deliveredView, DataClass[] classes)
    {
        var lines = new List<ExplanationLine>();
        Render(outbound, alert, lines);
        Render(inbound, alert, lines);
        if (deliveredView >= 0)
        {
            lines.Add(new ExplanationLine(ExplanationStage.Views, classes.Length == 0
                ? $"delivers view {deliveredView}"
                : $"delivers view {deliveredView}, which leaves out {string.Join(", ", classes)}"));
        }
        else if (deliveredView == -1)
        {
            lines.Add(new ExplanationLine(ExplanationStage.Views, $"no prepared view leaves out {string.Join(", ", classes)}; nothing is delivered"));
        }

        return lines;
    }

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

        var explanation = new LazyExplanation(alert, outbound, inbound, best, left);
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
        var explanation = new LazyExplanation(alert, outbound, inbound, -1, withheld);
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
