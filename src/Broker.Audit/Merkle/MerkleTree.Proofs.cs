using Broker.Protocol.Transparency;

namespace Broker.Audit.Merkle;

public sealed partial class MerkleTree
{
    /// <summary>PATH(m, D[0:size]) of RFC 9162 §2.1.3.1: the audit path of leaf <paramref name="index"/>, leaf-side first.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        CheckSize(size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var proof = new List<byte[]>();
        Path(index, 0, size, proof);
        return proof;
    }

    /// <summary>
    /// PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1. For first = second, or first = 0, the proof is empty (the RFC defines
    /// PROOF only for 0 &lt; m &lt; n; these two cases need no hashes to check).
    /// </summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long first, long second)
    {
        CheckSize(second);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        var proof = new List<byte[]>();
        if (first > 0 && first < second)
        {
            SubProof(first, 0, second, true, proof);
        }

        return proof;
    }

    private void Path(long m, long start, long count, List<byte[]> proof)
    {
        if (count == 1)
        {
            return;
        }

        var k = MerkleHash.SplitPoint(count);
        if (m < k)
        {
            Path(m, start, k, proof);
            proof.Add(SubtreeHash(start + k, count - k));
        }
        else
        {
            Path(m - k, start + k, count - k, proof);
            proof.Add(SubtreeHash(start, k));
        }
    }

    private void SubProof(long m, long start, long count, bool complete, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!complete)
            {
                proof.Add(SubtreeHash(start, count));
            }

            return;
        }

        var k = MerkleHash.SplitPoint(count);
        if (m <= k)
        {
            SubProof(m, start, k, complete, proof);
            proof.Add(SubtreeHash(start + k, count - k));
        }
        else
        {
            SubProof(m - k, start + k, count - k, false, proof);
            proof.Add(SubtreeHash(start, k));
        }
    }
}
