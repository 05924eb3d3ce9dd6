using Broker.Audit.Merkle;
using Broker.Protocol.Tests.Transparency;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Tests.Merkle;

public class MerkleTreeTests
{
    private const int MaxSize = 70;

    private static readonly byte[][] Leaves = Enumerable.Range(0, MaxSize).Select(i => new[] { (byte)i, (byte)(i * 7), (byte)0xA5 }).ToArray();

    private static MerkleTree Build(int size)
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves.Take(size))
        {
            tree.Append(MerkleHash.Leaf(leaf));
        }

        return tree;
    }

    [Test]
    public void RootHash_EmptyTree_IsSha256OfEmptyString()
    {
        Assert.That(Convert.ToHexStringLower(new MerkleTree().RootHash(0)), Is.EqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    [Test]
    public void RootHash_EverySize_EqualsNaiveRfcMth()
    {
        var tree = Build(MaxSize);
        for (var n = 0; n <= MaxSize; n++)
        {
            Assert.That(tree.RootHash(n), Is.EqualTo(NaiveRfc9162.Mth(Leaves.Take(n).ToArray())), $"size {n}");
        }
    }

    [Test]
    public void InclusionProof_EverySizeAndIndex_EqualsNaiveRfcPath()
    {
        var tree = Build(MaxSize);
        for (var n = 1; n <= MaxSize; n++)
        {
            var d = Leaves.Take(n).ToArray();
            for (var m = 0; m < n; m++)
            {
                Assert.That(tree.InclusionProof(m, n), Is.EqualTo(NaiveRfc9162.Path(m, d)), $"leaf {m} of {n}");
            }
        }
    }

    [Test]
    public void ConsistencyProof_EveryPairOfSizes_EqualsNaiveRfcProof()
    {
        var tree = Build(MaxSize);
        for (var n = 2; n <= MaxSize; n++)
        {
            var d = Leaves.Take(n).ToArray();
            for (var m = 1; m < n; m++)
            {
                Assert.That(tree.ConsistencyProof(m, n), Is.EqualTo(NaiveRfc9162.Proof(m, d)), $"{m} -> {n}");
            }
        }
    }

    [Test]
    public void ConsistencyProof_EqualSizesOrEmptyFirst_IsEmpty()
    {
        var tree = Build(9);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tree.ConsistencyProof(9, 9), Is.Empty);
            Assert.That(tree.ConsistencyProof(0, 9), Is.Empty);
        }
    }

    [Test]
    public void InclusionProof_IndexNotBelowSize_Throws()
    {
        var tree = Build(4);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => tree.InclusionProof(4, 4), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.InclusionProof(0, 5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void Append_LeafHashNot32Bytes_Throws()
    {
        Assert.That(() => new MerkleTree().Append(new byte[31]), Throws.ArgumentException);
    }
}
