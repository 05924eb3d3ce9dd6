using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Core.Routing;

/// <summary>
/// Decides, for one verified envelope and one addressed recipient, whether the hub may deliver. Pure and fail-closed:
/// anything it cannot decide is a denial with a code. The sharing-policy evaluator (Broker.Policy) replaces the interim allow-list.
/// </summary>
public interface IRoutingPolicy
{
    RecipientVerdict Decide(EnvelopeHeader header, AgencyId recipient, TrustRegistry registry);
}

/// <summary>Allowed or withheld; <see cref="Code"/> is stable (receipts, dead letters, metrics), <see cref="Rule"/> says which rule decided.</summary>
public sealed record RecipientVerdict(bool Allowed, string Code, string Reason, string Rule)
{
    public static RecipientVerdict Allow(string rule) => new(true, "allowed", "permitted", rule);

    public static RecipientVerdict Deny(string code, string reason, string rule) => new(false, code, reason, rule);
}
