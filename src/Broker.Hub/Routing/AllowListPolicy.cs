using Broker.Hub.Options;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Routing;

/// <summary>
/// The interim policy: a configured bilateral allow-list of (sender, recipient) pairs, default deny. A recipient must also
/// be an active agency in the trust registry and must not be the sender itself. Invalid entries fail startup.
/// </summary>
public sealed class AllowListPolicy : IRoutingPolicy
{
    private readonly HashSet<(AgencyId From, AgencyId To)> _allowed = [];

    public AllowListPolicy(IOptions<AllowListOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var entry in options.Value.Pairs)
        {
            Add(entry);
        }
    }

    public AllowListPolicy(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        foreach (var entry in pairs)
        {
            Add(entry);
        }
    }

    private void Add(string entry)
    {
        var both = entry.Split("<->", StringSplitOptions.TrimEntries);
        var one = entry.Split("->", StringSplitOptions.TrimEntries);
        if (both.Length == 2 && AgencyId.TryParse(both[0], out var a) && AgencyId.TryParse(both[1], out var b))
        {
            _allowed.Add((a, b));
            _allowed.Add((b, a));
        }
        else if (one.Length == 2 && AgencyId.TryParse(one[0], out var from) && AgencyId.TryParse(one[1], out var to))
        {
            _allowed.Add((from, to));
        }
        else
        {
            throw new InvalidOperationException($"Allow-list entry '{entry}' is neither 'A<->B' nor 'A->B' with agency ids CC-NAME.");
        }
    }

    public IReadOnlyList<RecipientVerdict> Decide(EnvelopeHeader header, TrustRegistry registry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.Recipients.Select(r => Decide(header, r.Agency, registry) with { Agency = r.Agency }).ToList();
    }

    public RecipientVerdict Decide(EnvelopeHeader header, AgencyId recipient, TrustRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(registry);
        if (recipient == header.Sender)
        {
            return RecipientVerdict.Deny("self-addressed", "the sender cannot address itself", "core:self");
        }

        if (!registry.TryFindAgency(recipient, out var entry))
        {
            return RecipientVerdict.Deny("unknown-recipient", "the recipient is not in the trust registry", $"registry:v{registry.Version}");
        }

        if (entry.Status != AgencyStatus.Active)
        {
            return RecipientVerdict.Deny("recipient-suspended", "the recipient agency is not active", $"registry:v{registry.Version}");
        }

        return _allowed.Contains((header.Sender, recipient))
            ? RecipientVerdict.Allow($"allow-list:{header.Sender}->{recipient}")
            : RecipientVerdict.Deny("policy-denied", "no allow-list entry permits this pair", "allow-list:default-deny");
    }
}
