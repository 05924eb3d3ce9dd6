using Broker.Audit.Merkle;
using Broker.Protocol.Tests.Transparency;
using Broker.Protocol.Transparency;
using FsCheck;
using FsCheck.Fluent;

// FsCheck generates the arguments of [Property] methods; NUnit1027 only knows NUnit's own argument sources.
#pragma warning disable NUnit1027

namespace Broker.Audit.Tests.Merkle;

/// <summary>Beyond the exhaustive small sizes: random larger trees, proofs from the optimised tree verify and equal the naive ones.</summary>
public class MerkleTreePropertyTests
{
    private static readonly MerkleTree Tree = Build(3000);

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property InclusionProof_RandomLeafOfRandomSize_VerifiesAgainstRoot(PositiveInt sizeSeed, NonNegativeInt indexSeed)
    {
        var size = (sizeSeed.Get % 3000) + 1;
        var index = indexSeed.Get % size;
        var proof = Tree.InclusionProof(index, size);
        return (MerkleProof.VerifyInclusion(index, size, Tree.LeafHash(index), proof, Tree.RootHash(size)) == ProofResult.Valid).ToProperty();
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property ConsistencyProof_RandomSizes_VerifiesAndRejectsSwappedRoots(PositiveInt a, PositiveInt b)
    {
        var first = Math.Min(a.Get % 3000, b.Get % 3000) + 1;
        var second = Math.Max(a.Get % 3000, b.Get % 3000) + 1;
        var proof = Tree.ConsistencyProof(first, second);
        var valid = MerkleProof.VerifyConsistency(first, second, Tree.RootHash(first), Tree.RootHash(second), proof) == ProofResult.Valid;
        var swapped = first == second || MerkleProof.VerifyConsistency(first, second, Tree.RootHash(second), Tree.RootHash(first), proof) != ProofResult.Valid;
        return (valid && swapped).ToProperty();
    }

    [FsCheck.NUnit.Property(MaxTest = 30)]
    public Property ConsistencyProof_RandomSizesUpTo300_EqualsNaiveRfcProof(PositiveInt a, PositiveInt b)
    {
        var first = Math.Min(a.Get % 300, b.Get % 300) + 1;
        var second = Math.Max(a.Get % 300, b.Get % 300) + 2;
        var leaves = Enumerable.Range(0, second).Select(Leaf).ToArray();
        return Tree.ConsistencyProof(first, second).SequenceEqual(NaiveRfc9162.Proof(first, leaves), new HashComparer()).ToProperty();
    }

    private static byte[] Leaf(int i) => BitConverter.GetBytes(i);

    private static MerkleTree Build(int size)
    {
        var tree = new MerkleTree();
        for (var i = 0; i < size; i++)
        {
            tree.Append(MerkleHash.Leaf(Leaf(i)));
        }

        return tree;
    }

    private sealed class HashComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
