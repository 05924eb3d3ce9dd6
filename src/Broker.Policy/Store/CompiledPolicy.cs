using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Broker.Policy.Evaluation;
using Broker.Policy.Model;

namespace Broker.Policy.Store;

/// <summary>
/// A policy version with a memo of which of its rules apply to a (direction, local agency, peer agency, category). Rule
/// applicability depends only on these inputs and the immutable rules, so memoising it cannot change a decision. Directory
/// entries are immutable records, so the memo keys on their identity (no string hashing on the hot path). It lives as long
/// as the snapshot that holds the version and is capped, so a directory replaced many times cannot grow it without bound.
/// </summary>
internal sealed class CompiledPolicy(SharingPolicy policy)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<Key, PolicyRule[]> _applicable = new(KeyComparer.Instance);

    public SharingPolicy Policy { get; } = policy;

    public PolicyRule[] Applicable(PolicyDirection direction, DirectoryAgency local, DirectoryAgency peer, Category category)
    {
        var key = new Key(direction, local, peer, category);
        if (_applicable.TryGetValue(key, out var rules))
        {
            return rules;
        }

        var all = Policy.Rules(direction);
        var list = new List<PolicyRule>();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].AppliesTo(local.Id, local.Authority, peer.Id, peer.Country, peer.Authority, category))
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

    private readonly record struct Key(PolicyDirection Direction, DirectoryAgency Local, DirectoryAgency Peer, Category Category);

    private sealed class KeyComparer : IEqualityComparer<Key>
    {
        public static KeyComparer Instance { get; } = new();

        public bool Equals(Key x, Key y) =>
            x.Direction == y.Direction && x.Category == y.Category && ReferenceEquals(x.Local, y.Local) && ReferenceEquals(x.Peer, y.Peer);

        public int GetHashCode(Key obj) =>
            HashCode.Combine(obj.Direction, obj.Category, RuntimeHelpers.GetHashCode(obj.Local), RuntimeHelpers.GetHashCode(obj.Peer));
    }
}
