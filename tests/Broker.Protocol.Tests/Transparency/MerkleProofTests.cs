using Broker.Protocol.Transparency;

namespace Broker.Protocol.Tests.Transparency;

public class MerkleProofTests
{
    private const int MaxSize = 48;

    private static readonly byte[][] Leaves = Enumerable.Range(0, MaxSize).Select(i => new[] { (byte)i, (byte)0x5A }).ToArray();

    private static readonly byte[] Stray = MerkleHash.Leaf("stray"u8);

    [Test]
    public void VerifyInclusion_NaiveRfcPathsForEveryLeaf_AreValid()
    {
        for (var n = 1; n <= MaxSize; n++)
        {
            var d = Leaves.Take(n).ToArray();
            var root = NaiveRfc9162.Mth(d);
            for (var m = 0; m < n; m++)
            {
                var result = MerkleProof.VerifyInclusion(m, n, MerkleHash.Leaf(d[m]), NaiveRfc9162.Path(m, d), root);
                Assert.That(result, Is.EqualTo(ProofResult.Valid), $"leaf {m} of {n}");
            }
        }
    }

    [Test]
    public void VerifyInclusion_ExtraMissingOrAlteredElement_FailsWithReason()
    {
        for (var n = 1; n <= MaxSize; n++)
        {
            var d = Leaves.Take(n).ToArray();
            var root = NaiveRfc9162.Mth(d);
            for (var m = 0; m < n; m++)
            {
                var leaf = MerkleHash.Leaf(d[m]);
                var path = NaiveRfc9162.Path(m, d);
                Check(ProofResult.ExtraElements, MerkleProof.VerifyInclusion(m, n, leaf, [.. path, Stray], root), m, n, "appended");
                Check(ProofResult.ExtraElements, MerkleProof.VerifyInclusion(m, n, leaf, [Stray, .. path], root), m, n, "prepended");
                for (var i = 0; i < path.Count; i++)
                {
                    Check(ProofResult.MissingElements, MerkleProof.VerifyInclusion(m, n, leaf, Without(path, i), root), m, n, $"element {i} removed");
                    Check(ProofResult.RootMismatch, MerkleProof.VerifyInclusion(m, n, leaf, Flipped(path, i), root), m, n, $"element {i} altered");
                }

                Check(ProofResult.RootMismatch, MerkleProof.VerifyInclusion(m, n, Stray, path, root), m, n, "other leaf");
                if (n > 1)
                {
                    Assert.That(MerkleProof.VerifyInclusion((m + 1) % n, n, leaf, path, root), Is.Not.EqualTo(ProofResult.Valid), $"leaf {m} of {n}: other index");
                }
            }
        }
    }

    [Test]
    public void VerifyConsistency_NaiveRfcProofsForEveryPair_AreValid()
    {
        for (var n = 1; n <= MaxSize; n++)
        {
            var d = Leaves.Take(n).ToArray();
            var second = NaiveRfc9162.Mth(d);
            for (var m = 1; m < n; m++)
            {
                var first = NaiveRfc9162.Mth(d.Take(m).ToArray());
                Assert.That(MerkleProof.VerifyConsistency(m, n, first, second, NaiveRfc9162.Proof(m, d)), Is.EqualTo(ProofResult.Valid), $"{m} -> {n}");
            }
        }
    }

    [Test]
    public void VerifyConsistency_ExtraMissingOrAlteredElement_FailsWithReason()
    {
        for (var n = 2; n <= MaxSize; n++)
        {
            var d = Leaves.Take(n).ToArray();
            var second = NaiveRfc9162.Mth(d);
            for (var m = 1; m < n; m++)
            {
                var first = NaiveRfc9162.Mth(d.Take(m).ToArray());
                var proof = NaiveRfc9162.Proof(m, d);
                Check(ProofResult.ExtraElements, MerkleProof.VerifyConsistency(m, n, first, second, [.. proof, Stray]), m, n, "appended");
                for (var i = 0; i < proof.Count; i++)
                {
                    var missing = MerkleProof.VerifyConsistency(m, n, first, second, Without(proof, i));
                    Check(ProofResult.MissingElements, missing, m, n, $"element {i} removed");
                    Check(ProofResult.RootMismatch, MerkleProof.VerifyConsistency(m, n, first, second, Flipped(proof, i)), m, n, $"element {i} altered");
                }

                Check(ProofResult.RootMismatch, MerkleProof.VerifyConsistency(m, n, Stray, second, proof), m, n, "other first root");
                Check(ProofResult.RootMismatch, MerkleProof.VerifyConsistency(m, n, first, Stray, proof), m, n, "other second root");
            }
        }
    }

    [Test]
    public void VerifyConsistency_FromSizeZero_NeedsTheEmptyTreesRoot()
    {
        // audit-log.md §3: the only tree of size 0 is the empty one, whose root is SHA-256(""); a "size 0" head with any other root
        // is no tree at all and proves nothing about the second.
        var root = NaiveRfc9162.Mth(Leaves.Take(5).ToArray());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MerkleProof.VerifyConsistency(0, 5, Stray, root, []), Is.EqualTo(ProofResult.RootMismatch));
            Assert.That(MerkleProof.VerifyConsistency(0, 5, root, Stray, []), Is.EqualTo(ProofResult.RootMismatch));
            Assert.That(MerkleProof.VerifyConsistency(0, 0, MerkleHash.EmptyRoot, MerkleHash.EmptyRoot, []), Is.EqualTo(ProofResult.Valid));
            Assert.That(MerkleProof.VerifyConsistency(0, 0, MerkleHash.EmptyRoot, Stray, []), Is.EqualTo(ProofResult.RootMismatch));
            Assert.That(MerkleProof.VerifyConsistency(0, 0, Stray, Stray, []), Is.EqualTo(ProofResult.RootMismatch));
        }
    }

    [Test]
    public void VerifyConsistency_EqualSizes_NeedEqualRootsAndEmptyProof()
    {
        var root = NaiveRfc9162.Mth(Leaves.Take(5).ToArray());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MerkleProof.VerifyConsistency(5, 5, root, root, []), Is.EqualTo(ProofResult.Valid));
            Assert.That(MerkleProof.VerifyConsistency(5, 5, root, Stray, []), Is.EqualTo(ProofResult.RootMismatch));
            Assert.That(MerkleProof.VerifyConsistency(5, 5, root, root, [Stray]), Is.EqualTo(ProofResult.UnexpectedProof));
            Assert.That(MerkleProof.VerifyConsistency(0, 5, MerkleHash.EmptyRoot, root, []), Is.EqualTo(ProofResult.Valid));
            Assert.That(MerkleProof.VerifyConsistency(0, 5, MerkleHash.EmptyRoot, root, [Stray]), Is.EqualTo(ProofResult.UnexpectedProof));
        }
    }

    [Test]
    public void VerifyConsistency_EmptyProofForGrowth_IsMissingElements()
    {
        var first = NaiveRfc9162.Mth(Leaves.Take(3).ToArray());
        var second = NaiveRfc9162.Mth(Leaves.Take(7).ToArray());
        Assert.That(MerkleProof.VerifyConsistency(3, 7, first, second, []), Is.EqualTo(ProofResult.MissingElements));
    }

    [Test]
    public void Verify_OutOfRangeOrMalformedInput_Rejected()
    {
        var d = Leaves.Take(6).ToArray();
        var root = NaiveRfc9162.Mth(d);
        var path = NaiveRfc9162.Path(2, d);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MerkleProof.VerifyInclusion(6, 6, MerkleHash.Leaf(d[2]), path, root), Is.EqualTo(ProofResult.IndexOutOfRange));
            Assert.That(MerkleProof.VerifyInclusion(-1, 6, MerkleHash.Leaf(d[2]), path, root), Is.EqualTo(ProofResult.IndexOutOfRange));
            Assert.That(MerkleProof.VerifyInclusion(2, 6, MerkleHash.Leaf(d[2]), [path[0], path[1][..31]], root), Is.EqualTo(ProofResult.MalformedHash));
            Assert.That(MerkleProof.VerifyConsistency(7, 6, root, root, []), Is.EqualTo(ProofResult.IndexOutOfRange));
            Assert.That(MerkleProof.VerifyConsistency(2, 6, root.AsSpan(0, 16), root, NaiveRfc9162.Proof(2, d)), Is.EqualTo(ProofResult.MalformedHash));
        }
    }

    private static void Check(ProofResult expected, ProofResult actual, int m, int n, string what) =>
        Assert.That(actual, Is.EqualTo(expected), $"m={m} n={n}: {what}");

    private static List<byte[]> Without(List<byte[]> path, int i) => [.. path[..i], .. path[(i + 1)..]];

    private static List<byte[]> Flipped(List<byte[]> path, int i)
    {
        var copy = path.Select(p => p.ToArray()).ToList();
        copy[i][i % 32] ^= 0x01;
        return copy;
    }
}
