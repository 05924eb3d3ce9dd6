using Broker.Hub.Ingress;
using Broker.Policy.Evaluation;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;

namespace Broker.Hub.Routing;

/// <summary>
/// The hub's own enforcement of the signed per-country sharing policies: every recipient stanza is re-evaluated from the signed
/// header with <see cref="EnvelopePolicy.CheckRecipients"/>, independently of what the sender's gateway decided. A stanza is
/// delivered only when the policies allow that recipient and the view sealed for it is one they permit; everything else is
/// withheld with a code (<c>policy-&lt;deny-reason&gt;</c>, <c>policy-withheld</c> or <c>policy-view-not-permitted</c>).
/// </summary>
public sealed class SignedPolicyRouting(Func<PolicySet> policies) : IRoutingPolicy
{
    private readonly Lock _lock = new();
    private TrustRegistry? _registry;
    private AgencyDirectory? _directory;

    public IReadOnlyList<RecipientVerdict> Decide(EnvelopeHeader header, TrustRegistry registry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(registry);
        var checks = EnvelopePolicy.CheckRecipients(header, Directory(registry), policies(), at);
        return checks.Select(Verdict).ToList();
    }

    private static RecipientVerdict Verdict(RecipientCheck check)
    {
        var decision = check.Decision;
        var rule = Rules(decision);
        var verdict = check.MayDeliver
            ? RecipientVerdict.Allow(rule)
            : decision.Outcome switch
            {
                DecisionOutcome.Allow => RecipientVerdict.Deny("policy-view-not-permitted",
                    $"the view sealed for this recipient ({check.Recipient.ViewIndex}) is not one the policies permit", rule),
                DecisionOutcome.Withheld => RecipientVerdict.Deny("policy-withheld", "no prepared view leaves out the data classes this recipient may not receive", rule),
                DecisionOutcome.Deny => RecipientVerdict.Deny("policy-" + RejectCodes.Kebab(decision.Reason.ToString()), decision.Explanation.Count > 0 ? decision.Explanation[^1].Text : decision.Summary, rule),
                _ => RecipientVerdict.Deny("policy-denied", "the policies do not permit this recipient", rule),
            };
        return verdict with { Agency = check.Recipient.Agency, Evaluation = decision };
    }

    /// <summary>"CC/version/direction/rule-id" of the deciding rules, or the policy versions used for a default deny.</summary>
    private static string Rules(RecipientDecision decision)
    {
        var rules = Broker.Audit.Entries.DecisionRecords.FormatRules(decision.DecidingRules);
        if (rules.Length > 0)
        {
            return rules;
        }

        var used = string.Join(" + ", decision.PoliciesUsed.Select(p => $"{p.Country}/{p.Version}"));
        return used.Length > 0 ? $"{used} default-deny" : "policy:default-deny";
    }

    private AgencyDirectory Directory(TrustRegistry registry)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(registry, _registry))
            {
                _registry = registry;
                _directory = RegistryDirectory.From(registry);
            }

            return _directory!;
        }
    }
}
