using Broker.Protocol.Tests.Compatibility;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Transparency;

namespace Broker.Protocol.Tests.Transparency;

/// <summary>Inclusion receipts and the tree head inside them decode through the strict pre-walk, with the path capped.</summary>
public sealed class InclusionReceiptCodecTests
{
    private static byte[] Receipt => PreMoveBytes.Hex("inclusion");

    public static IEnumerable<TestCaseData> Hostile()
    {
        yield return Case("version in two bytes", CborMutations.Widen(Receipt, 1), RejectReason.NonCanonicalEncoding);
        yield return Case("trailing byte", CborMutations.Trailing(Receipt), RejectReason.TrailingBytes);
        yield return Case("map with a repeated key", CborMutations.DuplicateKeyMap, RejectReason.DuplicateMapKey);
        yield return Case("indefinite-length array", CborMutations.Indefinite(Receipt), RejectReason.ForbiddenCborItem);
        yield return Case("last byte missing", Receipt[..^1], RejectReason.Truncated);
        yield return Case("version 2", Write(version: 2), RejectReason.InvalidField);
        yield return Case("negative index", Write(index: -1), RejectReason.InvalidField);
        yield return Case("31-byte leaf hash", Write(leafBytes: 31), RejectReason.InvalidField);
        yield return Case("31-byte path element", Write(pathBytes: 31), RejectReason.InvalidField);
        yield return Case("path over the cap", Write(pathLength: InclusionReceiptCodec.MaxPathLength + 1), RejectReason.LimitExceeded);
        yield return Case("tree head with a trailing byte", Write(head: CborMutations.Trailing(PreMoveBytes.Hex("sth"))), RejectReason.TrailingBytes);
    }

    [TestCaseSource(nameof(Hostile))]
    public void TryDecode_HostileVariant_RefusedWithStableReason(byte[] bytes, RejectReason expected)
    {
        var ok = InclusionReceiptCodec.TryDecode(bytes, out var receipt, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(receipt, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    [Test]
    public void TryDecode_OverTheCap_RefusedTooLarge()
    {
        byte[] oversized = [.. Receipt, .. new byte[InclusionReceiptCodec.MaxReceiptBytes]];
        Assert.That(InclusionReceiptCodec.TryDecode(oversized, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.TooLarge));
    }

    [Test]
    public void TryDecode_LongestPath_Accepted() =>
        Assert.That(InclusionReceiptCodec.TryDecode(Write(pathLength: InclusionReceiptCodec.MaxPathLength), out _, out var reason), Is.True, reason.ToString());

    [Test]
    public void VerifyProof_OtherEntryOrAlteredPath_FailsWithReason()
    {
        // A two-leaf tree: the proof of leaf 0 is the hash of leaf 1.
        byte[] first = [1], second = [2];
        var root = MerkleHash.Node(MerkleHash.Leaf(first), MerkleHash.Leaf(second));
        var receipt = new InclusionReceipt
        {
            EntryIndex = 0,
            LeafHash = MerkleHash.Leaf(first),
            Path = [MerkleHash.Leaf(second)],
            TreeHead = PreMoveBytes.TreeHead with { TreeSize = 2, RootHash = root },
        };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.VerifyProof(first), Is.EqualTo(ReceiptCheck.Valid));
            Assert.That(receipt.VerifyProof(second), Is.EqualTo(ReceiptCheck.EntryMismatch));
            Assert.That((receipt with { Path = [MerkleHash.Leaf(first)] }).VerifyProof(first), Is.EqualTo(ReceiptCheck.ProofInvalid));
            Assert.That((receipt with { EntryIndex = 1 }).VerifyProof(first), Is.EqualTo(ReceiptCheck.ProofInvalid));
        }
    }

    private static TestCaseData Case(string name, byte[] bytes, RejectReason expected) => new TestCaseData(bytes, expected).SetArgDisplayNames(name);

    private static byte[] Write(long version = 1, long index = 0, int leafBytes = 32, int pathBytes = 32, int pathLength = 2, byte[]? head = null) => CborMutations.Lax(w =>
    {
        w.WriteStartArray(5);
        w.WriteInt64(version);
        w.WriteInt64(index);
        w.WriteByteString(new byte[leafBytes]);
        w.WriteStartArray(pathLength);
        for (var i = 0; i < pathLength; i++)
        {
            w.WriteByteString(new byte[pathBytes]);
        }

        w.WriteEndArray();
        w.WriteByteString(head ?? PreMoveBytes.Hex("sth"));
        w.WriteEndArray();
    });
}
