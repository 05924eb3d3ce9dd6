using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Routing;

/// <summary>
/// Decides, for one verified envelope, whether the hub may deliver each recipient stanza of its header. Pure and fail-closed:
/// anything it cannot decide is a denial with a code. <see cref="SignedPolicyRouting"/> evaluates the signed per-country
/// sharing policies (Broker.Policy).
/// </summary>
public interface IRoutingPolicy
{
    /// <summary>One verdict per entry of <c>header.Recipients</c>, in the same order.</summary>
    IReadOnlyList<RecipientVerdict> Decide(EnvelopeHeader header, TrustRegistry registry, DateTimeOffset at);
}

/// <summary>
/// Allowed or withheld; <see cref="Code"/> is stable (receipts, dead letters, metrics), <see cref="Rule"/> says which rule decided.
/// <see cref="Evaluation"/> is the policy evaluator's full decision (rules, policy versions, explanation) when a sharing policy decided.
/// </summary>
public sealed record RecipientVerdict(bool Allowed, string Code, string Reason, string Rule)
{
    public AgencyId Agency { get; init; }

    public Policy.Evaluation.RecipientDecision? Evaluation { get; init; }

    public static RecipientVerdict Allow(string rule) => new(true, "allowed", "permitted", rule);

    public static RecipientVerdict Deny(string code, string reason, string rule) => new(false, code, reason, rule);
}
