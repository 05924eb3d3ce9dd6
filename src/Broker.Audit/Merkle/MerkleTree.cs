using System.Numerics;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Merkle;

/// <summary>
/// An append-only RFC 9162 Merkle tree over leaf hashes. Every complete, aligned subtree hash is kept (level k holds the
/// hashes of leaves [i·2^k, (i+1)·2^k)), so MTH, PATH and PROOF for any size up to <see cref="Size"/> cost O(log n) hashes.
/// Not thread-safe: the sequencer is its only writer; readers take a lock or work on their own copy.
/// </summary>
public sealed partial class MerkleTree
{
    private readonly List<List<byte[]>> _levels = [[]];

    // The incomplete subtrees the recursion visits for a size n all end at n (the right edge); their hashes are kept for the
    // last size asked, so a burst of proofs against one tree head costs O(log n) each rather than O(log² n).
    private readonly Dictionary<long, byte[]> _edge = [];
    private long _edgeEnd = -1;

    public long Size => _levels[0].Count;

    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException("A leaf hash is 32 bytes.", nameof(leafHash));
        }

        _levels[0].Add(leafHash.ToArray());
        var level = 0;
        // A level with an even count just completed a pair: its parent subtree is complete too.
        while (_levels[level].Count % 2 == 0)
        {
            var nodes = _levels[level];
            var parent = MerkleHash.Node(nodes[^2], nodes[^1]);
            if (_levels.Count == level + 1)
            {
                _levels.Add([]);
            }

            _levels[level + 1].Add(parent);
            level++;
        }
    }

    public byte[] LeafHash(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _levels[0][(int)index];
    }

    /// <summary>MTH(D[0:size]) as RFC 9162 §2.1.1 defines it; the empty tree's root is SHA-256("").</summary>
    public byte[] RootHash(long size)
    {
        CheckSize(size);
        return size == 0 ? MerkleHash.EmptyRoot.ToArray() : SubtreeHash(0, size);
    }

    /// <summary>MTH(D[start:start+count]) for a subtree that the RFC's recursion visits; complete aligned ones come from the cache.</summary>
    private byte[] SubtreeHash(long start, long count)
    {
        if (BitOperations.IsPow2(count) && start % count == 0)
        {
            var level = BitOperations.Log2((ulong)count);
            return _levels[level][(int)(start >> level)];
        }

        if (_edgeEnd != start + count)
        {
            _edge.Clear();
            _edgeEnd = start + count;
        }

        if (!_edge.TryGetValue(start, out var hash))
        {
            var k = MerkleHash.SplitPoint(count);
            hash = MerkleHash.Node(SubtreeHash(start, k), SubtreeHash(start + k, count - k));
            _edge[start] = hash;
        }

        return hash;
    }

    private void CheckSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The tree has fewer leaves than the size asked for.");
        }
    }
}
