using Broker.Policy.Model;
using Broker.Policy.Store;

namespace Broker.Policy.Evaluation;

public static partial class PolicyEvaluator
{
    // Union semantics over allow rules (a view is admitted if any applicable allow rule admits it) and a matching deny rule
    // vetoes everything: adding a deny rule or tightening a rule can only shrink what is admitted.
    internal static DirectionResult EvaluateDirection(
        SharingPolicy policy, PolicyDirection direction, DirectoryAgency local, DirectoryAgency peer, AlertFacts alert) =>
        EvaluateRules(policy, direction, local, peer, alert, Applicable(policy.Rules(direction), local, peer, alert.Category));

    internal static DirectionResult EvaluateDirection(
        CompiledPolicy compiled, PolicyDirection direction, DirectoryAgency local, DirectoryAgency peer, AlertFacts alert) =>
        EvaluateRules(compiled.Policy, direction, local, peer, alert,
            compiled.Applicable(direction, local, peer, alert.Category));

    private static PolicyRule[] Applicable(IReadOnlyList<PolicyRule> rules, DirectoryAgency local, DirectoryAgency peer, Category category) =>
        rules.Where(r => r.AppliesTo(local.Id, local.Authority, peer.Id, peer.Country, peer.Authority, category)).ToArray();

    // Precondition: rules are the applicable ones, in id order.
    private static DirectionResult EvaluateRules(
        SharingPolicy policy, PolicyDirection direction, DirectoryAgency local, DirectoryAgency peer, AlertFacts alert, PolicyRule[] rules)
    {
        var result = new DirectionResult
        {
            Policy = policy,
            Direction = direction,
            Local = local,
            Peer = peer,
            Verdicts = new (PolicyRule, DenyReason, ulong)[rules.Length],
        };
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (rule.Effect == RuleEffect.Deny)
            {
                result.DenyingRule ??= rule;
                result.Verdicts[i] = (rule, DenyReason.DeniedByRule, 0);
                continue;
            }

            var failure = CheckMarkings(rule, alert);
            if (failure != DenyReason.None)
            {
                result.FirstFailure ??= (rule, failure);
                result.Verdicts[i] = (rule, failure, 0);
                continue;
            }

            result.PassingCount++;
            var admitted = 0UL;
            for (var v = 0; v < alert.Views.Count; v++)
            {
                if (AdmitsView(rule, alert.Views[v]))
                {
                    admitted |= 1UL << v;
                }
            }

            result.ViewMask |= admitted;
            result.Verdicts[i] = (rule, DenyReason.None, admitted);
        }

        return result;
    }

    private static void Render(DirectionResult result, AlertFacts alert, List<ExplanationLine> lines)
    {
        var stage = result.Direction == PolicyDirection.Outbound ? ExplanationStage.Outbound : ExplanationStage.Inbound;
        foreach (var (rule, failure, admitted) in result.Verdicts)
        {
            var text = failure switch
            {
                DenyReason.None when admitted != 0 => $"admits the markings and view(s) {string.Join(", ", Bits(admitted))}" + WithholdText(rule) + Suffix(rule),
                DenyReason.None => "admits the markings but no prepared view" + WithholdText(rule) + Suffix(rule),
                DenyReason.DeniedByRule => "denies" + Suffix(rule),
                _ => "does not admit the alert: " + FailureText(rule, alert, failure),
            };
            lines.Add(new ExplanationLine(stage, text, result.RefOf(rule)));
        }

        if (result.Verdicts.Length == 0)
        {
            var (local, peer) = (result.Local, result.Peer);
            var side = result.Direction == PolicyDirection.Outbound ? $"sending to {peer.Id}" : $"receiving from {peer.Id}";
            lines.Add(new ExplanationLine(stage,
                $"{result.Policy.Ref} has no {result.Direction.ToString().ToLowerInvariant()} rule for {local.Id} ({Wire.Name(local.Authority)}) {side} ({Wire.Name(peer.Authority)}) on {Wire.Name(alert.Category)}: default deny"));
        }
    }

    private static DenyReason CheckMarkings(PolicyRule rule, AlertFacts alert) =>
        alert.Tlp > rule.MaxTlp ? DenyReason.TlpAboveRuleMaximum
        : alert.Classification > rule.MaxClassification ? DenyReason.ClassificationAboveRuleMaximum
        : (rule.RequireHandling & ~alert.Handling) != HandlingCodes.None ? DenyReason.RequiredHandlingMissing
        : DenyReason.None;

    private static string FailureText(PolicyRule rule, AlertFacts alert, DenyReason failure) => failure switch
    {
        DenyReason.TlpAboveRuleMaximum => $"TLP:{Wire.Name(alert.Tlp)} is above the rule's maximum TLP:{Wire.Name(rule.MaxTlp)}",
        DenyReason.ClassificationAboveRuleMaximum => $"classification {Wire.Name(alert.Classification)} is above the rule's maximum {Wire.Name(rule.MaxClassification)}",
        _ => $"the rule requires handling code(s) {string.Join(", ", Wire.Names(rule.RequireHandling & ~alert.Handling))}, which the alert does not carry",
    };

    private static IEnumerable<int> Bits(ulong mask)
    {
        for (var i = 0; i < 64; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                yield return i;
            }
        }
    }

    private static bool AdmitsView(PolicyRule rule, AlertView view)
    {
        // Indexed loop: enumerating an IReadOnlyList through the interface allocates an enumerator per view per rule.
        var classes = view.DataClasses;
        for (var i = 0; i < classes.Count; i++)
        {
            if (!rule.Permits(classes[i]))
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
