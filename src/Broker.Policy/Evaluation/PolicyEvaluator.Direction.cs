using Broker.Policy.Model;

namespace Broker.Policy.Evaluation;

public static partial class PolicyEvaluator
{
    // Union semantics over allow rules (a view is admitted if any applicable allow rule admits it) and a matching deny rule
    // vetoes everything: adding a deny rule or tightening a rule can only shrink what is admitted.
    private static DirectionResult EvaluateDirection(
        SharingPolicy policy, PolicyDirection direction, DirectoryAgency local, DirectoryAgency peer, AlertFacts alert)
    {
        var result = new DirectionResult { Policy = policy, Direction = direction, RuleForView = new PolicyRule?[alert.Views.Count] };
        var stage = direction == PolicyDirection.Outbound ? ExplanationStage.Outbound : ExplanationStage.Inbound;
        foreach (var rule in policy.Rules(direction))
        {
            if (!rule.AppliesTo(local.Id, local.Authority, peer.Id, peer.Authority, alert.Category))
            {
                continue;
            }

            result.AnyRuleMatched = true;
            if (rule.Effect == RuleEffect.Deny)
            {
                result.DenyingRule ??= rule;
                result.Lines.Add(new ExplanationLine(stage, "denies" + Suffix(rule), result.RefOf(rule)));
                continue;
            }

            var failure = CheckMarkings(rule, alert, out var failureText);
            if (failure != DenyReason.None)
            {
                result.FirstFailure ??= (rule, failure);
                result.Lines.Add(new ExplanationLine(stage, "does not admit the alert: " + failureText, result.RefOf(rule)));
                continue;
            }

            result.Passing.Add(rule);
            var admitted = new List<int>();
            for (var v = 0; v < alert.Views.Count; v++)
            {
                if (AdmitsView(rule, alert.Views[v]))
                {
                    admitted.Add(v);
                    result.ViewMask |= 1UL << v;
                    result.RuleForView[v] ??= rule;
                }
            }

            result.Lines.Add(new ExplanationLine(stage, admitted.Count > 0
                ? $"admits the markings and view(s) {string.Join(", ", admitted)}" + WithholdText(rule) + Suffix(rule)
                : "admits the markings but no prepared view" + WithholdText(rule) + Suffix(rule), result.RefOf(rule)));
        }

        if (!result.AnyRuleMatched)
        {
            var side = direction == PolicyDirection.Outbound ? $"sending to {peer.Id}" : $"receiving from {peer.Id}";
            result.Lines.Add(new ExplanationLine(stage,
                $"{policy.Ref} has no {direction.ToString().ToLowerInvariant()} rule for {local.Id} ({Wire.Name(local.Authority)}) {side} ({Wire.Name(peer.Authority)}) on {Wire.Name(alert.Category)}: default deny"));
        }

        return result;
    }

    private static DenyReason CheckMarkings(PolicyRule rule, AlertFacts alert, out string text)
    {
        if (alert.Tlp > rule.MaxTlp)
        {
            text = $"TLP:{Wire.Name(alert.Tlp)} is above the rule's maximum TLP:{Wire.Name(rule.MaxTlp)}";
            return DenyReason.TlpAboveRuleMaximum;
        }

        if (alert.Classification > rule.MaxClassification)
        {
            text = $"classification {Wire.Name(alert.Classification)} is above the rule's maximum {Wire.Name(rule.MaxClassification)}";
            return DenyReason.ClassificationAboveRuleMaximum;
        }

        var missing = rule.RequireHandling & ~alert.Handling;
        if (missing != HandlingCodes.None)
        {
            text = $"the rule requires handling code(s) {string.Join(", ", Wire.Names(missing))}, which the alert does not carry";
            return DenyReason.RequiredHandlingMissing;
        }

        text = string.Empty;
        return DenyReason.None;
    }

    private static bool AdmitsView(PolicyRule rule, AlertView view)
    {
        foreach (var dataClass in view.DataClasses)
        {
            if (!rule.Permits(dataClass))
            {
                return false;
            }
        }

        return true;
    }

    private static string WithholdText(PolicyRule rule) =>
        rule.Withhold.Count == 0 ? string.Empty : $" (withholds {string.Join(", ", rule.Withhold)})";

    private static string Suffix(PolicyRule rule) => string.IsNullOrWhiteSpace(rule.Description) ? string.Empty : $" - {rule.Description}";
}
