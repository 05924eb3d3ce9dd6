using System.Collections.Concurrent;
using Broker.Policy.Model;

namespace Broker.Policy.Store;

/// <summary>
/// A policy version with a memo of which of its rules apply to a (direction, local agency, peer agency, category). Rule
/// applicability depends only on these inputs and the immutable rules, so memoising it cannot change a decision; it lives as
/// long as the snapshot that holds the version and is capped so an unusual directory cannot grow it without bound.
/// </summary>
internal sealed class CompiledPolicy(SharingPolicy policy)
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<Key, PolicyRule[]> _applicable = new();

    public SharingPolicy Policy { get; } = policy;

    public PolicyRule[] Applicable(PolicyDirection direction, AgencyId local, AuthorityType localAuthority, AgencyId peer, CountryCode peerCountry, AuthorityType peerAuthority, Category category)
    {
        var key = new Key(direction, local, localAuthority, peer, peerAuthority, category);
        if (_applicable.TryGetValue(key, out var rules))
        {
            return rules;
        }

        var all = Policy.Rules(direction);
        var list = new List<PolicyRule>();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].AppliesTo(local, localAuthority, peer, peerCountry, peerAuthority, category))
            {
                list.Add(all[i]);
            }
        }

        rules = [.. list];
        if (_applicable.Count < MaxEntries)
        {
            _applicable.TryAdd(key, rules);
        }

        return rules;
    }

    private readonly record struct Key(PolicyDirection Direction, AgencyId Local, AuthorityType LocalAuthority, AgencyId Peer, AuthorityType PeerAuthority, Category Category);
}
