using Broker.Hub.Routing;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Ingress;

/// <summary>
/// Decides every addressed recipient of a verified envelope with the hub's own policy (<see cref="IRoutingPolicy"/>), fail-closed:
/// a recipient without a key stanza in the envelope is withheld (<c>stanza-missing</c>), one the policy gave no verdict for is
/// denied (<c>policy-denied</c>), and a recipient listed twice is delivered only if every listing passes.
/// </summary>
internal sealed class RecipientDecider(IRoutingPolicy policy)
{
    public RecipientVerdicts Decide(VerifiedEnvelope verified, TrustRegistry registry, DateTimeOffset decidedAt)
    {
        ArgumentNullException.ThrowIfNull(verified);
        var header = verified.Header;
        var present = verified.PresentRecipients.ToHashSet();
        var verdicts = policy.Decide(header, registry, decidedAt);
        var byAgency = new Dictionary<AgencyId, RecipientVerdict>();
        foreach (var verdict in verdicts)
        {
            if (!byAgency.TryGetValue(verdict.Agency, out var earlier) || (earlier.Allowed && !verdict.Allowed))
            {
                byAgency[verdict.Agency] = verdict;
            }
        }

        var recipients = new List<(AgencyId Agency, RecipientVerdict Verdict)>(header.Recipients.Count);
        foreach (var recipient in header.Recipients.Select(r => r.Agency).Distinct())
        {
            var verdict = !present.Contains(recipient)
                ? RecipientVerdict.Deny("stanza-missing", "no key stanza for this recipient in the envelope", "core:structure")
                : byAgency.GetValueOrDefault(recipient) ?? RecipientVerdict.Deny("policy-denied", "the policy gave no verdict for this recipient", "core:fail-closed");
            recipients.Add((recipient, verdict));
        }

        return new RecipientVerdicts(verdicts, recipients);
    }
}

/// <param name="Policy">The policy's verdicts, one per header recipient in header order (the audit log records their evaluations).</param>
/// <param name="Recipients">The final verdict for each distinct addressed recipient, in header order.</param>
internal sealed record RecipientVerdicts(IReadOnlyList<RecipientVerdict> Policy, IReadOnlyList<(AgencyId Agency, RecipientVerdict Verdict)> Recipients);
