using System.Security.Cryptography;

namespace Broker.Protocol.Transparency;

/// <summary>
/// The RFC 9162 verification algorithms, step for step: §2.1.3.2 (inclusion) and §2.1.4.2 (consistency). A proof with an extra,
/// missing or altered element fails; the result names which.
/// </summary>
public static class MerkleProof
{
    /// <summary>RFC 9162 §2.1.3.2: does <paramref name="path"/> prove that <paramref name="leafHash"/> is leaf <paramref name="leafIndex"/> of the tree with <paramref name="rootHash"/>?</summary>
    public static ProofResult VerifyInclusion(long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (leafIndex < 0 || leafIndex >= treeSize)
        {
            return ProofResult.IndexOutOfRange;
        }

        if (leafHash.Length != MerkleHash.Size || rootHash.Length != MerkleHash.Size || !AllHashes(path))
        {
            return ProofResult.MalformedHash;
        }

        var fn = leafIndex;
        var sn = treeSize - 1;
        Span<byte> r = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(r);
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return ProofResult.ExtraElements;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofResult.MissingElements;
        }

        return CryptographicOperations.FixedTimeEquals(r, rootHash) ? ProofResult.Valid : ProofResult.RootMismatch;
    }

    /// <summary>
    /// RFC 9162 §2.1.4.2: is the tree (<paramref name="second"/>, <paramref name="secondRoot"/>) an append-only extension of
    /// (<paramref name="first"/>, <paramref name="firstRoot"/>)? Equal sizes need equal roots and an empty proof; first = 0 needs an empty proof and the empty tree's root as the first root.
    /// </summary>
    public static ProofResult VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (first < 0 || first > second)
        {
            return ProofResult.IndexOutOfRange;
        }

        if (firstRoot.Length != MerkleHash.Size || secondRoot.Length != MerkleHash.Size || !AllHashes(proof))
        {
            return ProofResult.MalformedHash;
        }

        if (first == second || first == 0)
        {
            if (proof.Count != 0)
            {
                return ProofResult.UnexpectedProof;
            }

            // Every tree extends the empty tree, but only the empty tree's own root (MTH({}) = SHA-256("")) names it: a "size 0" head
            // with any other root is not the empty tree, and accepting it would let two arbitrary roots pass (audit-log.md §3).
            // A tree extends itself only if it has the same root.
            if (first == 0)
            {
                return CryptographicOperations.FixedTimeEquals(firstRoot, MerkleHash.EmptyRoot)
                    && (second != 0 || CryptographicOperations.FixedTimeEquals(secondRoot, MerkleHash.EmptyRoot))
                    ? ProofResult.Valid
                    : ProofResult.RootMismatch;
            }

            return CryptographicOperations.FixedTimeEquals(firstRoot, secondRoot) ? ProofResult.Valid : ProofResult.RootMismatch;
        }

        if (proof.Count == 0)
        {
            return ProofResult.MissingElements;
        }

        var path = proof;
        if ((first & (first - 1)) == 0)
        {
            path = [firstRoot.ToArray(), .. proof];
        }

        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[MerkleHash.Size];
        Span<byte> sr = stackalloc byte[MerkleHash.Size];
        path[0].CopyTo(fr);
        path[0].CopyTo(sr);
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return ProofResult.ExtraElements;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofResult.MissingElements;
        }

        var firstOk = CryptographicOperations.FixedTimeEquals(fr, firstRoot);
        var secondOk = CryptographicOperations.FixedTimeEquals(sr, secondRoot);
        return firstOk && secondOk ? ProofResult.Valid : ProofResult.RootMismatch;
    }

    private static bool AllHashes(IReadOnlyList<byte[]> hashes)
    {
        foreach (var h in hashes)
        {
            if (h is null || h.Length != MerkleHash.Size)
            {
                return false;
            }
        }

        return true;
    }
}
