using Broker.Protocol.AuditEntries;
using Broker.Protocol.Receipts;
using Broker.Protocol.Transparency;

namespace Broker.Protocol.Tests.Compatibility;

/// <summary>
/// Moving the formats into Broker.Protocol and onto the strict reader changed no byte: each encoder writes exactly what the
/// pre-move encoder wrote for the same values, and each decoder reads the pre-move bytes back to those values. Stored logs,
/// witness files and receipts in flight therefore still read.
/// </summary>
public sealed class PreMoveBytesTests
{
    [TestCaseSource(typeof(PreMoveBytes), nameof(PreMoveBytes.Entries))]
    public void AuditEntry_EachKind_EncodesToThePreMoveBytesAndReadsThemBack(string name, AuditRecord record)
    {
        var expected = PreMoveBytes.EntryHex(name);
        var entry = new AuditEntry(PreMoveBytes.EntryIndex, PreMoveBytes.At, record);

        var ok = AuditEntryCodec.TryDecode(expected, out var decoded, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AuditEntryCodec.Encode(entry), Is.EqualTo(expected));
            Assert.That(ok, Is.True, reason.ToString());
            Assert.That(decoded!.Index, Is.EqualTo(PreMoveBytes.EntryIndex));
            Assert.That(decoded.Timestamp, Is.EqualTo(PreMoveBytes.At));
            Assert.That(decoded.Record.Kind, Is.EqualTo(record.Kind));
            Assert.That(AuditEntryCodec.Encode(decoded), Is.EqualTo(expected));
        }
    }

    [Test]
    public void TreeHead_PayloadAndWholeHead_AreThePreMoveBytes()
    {
        var head = PreMoveBytes.TreeHead;
        var ok = TreeHeadCodec.TryDecode(PreMoveBytes.Hex("sth"), out var decoded, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(head.SignedPayload(), Is.EqualTo(PreMoveBytes.Hex("sth-payload")));
            Assert.That(TreeHeadCodec.Encode(head), Is.EqualTo(PreMoveBytes.Hex("sth")));
            Assert.That(ok, Is.True, reason.ToString());
            Assert.That(decoded, Is.EqualTo(head).Using<SignedTreeHead>(SameHead));
        }
    }

    [Test]
    public void InclusionReceipt_EncodesToThePreMoveBytesAndReadsThemBack()
    {
        var expected = PreMoveBytes.Hex("inclusion");
        var ok = InclusionReceiptCodec.TryDecode(expected, out var decoded, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(InclusionReceiptCodec.Encode(PreMoveBytes.Inclusion), Is.EqualTo(expected));
            Assert.That(ok, Is.True, reason.ToString());
            Assert.That(decoded!.EntryIndex, Is.EqualTo(1000));
            Assert.That(decoded.Path, Is.EqualTo(PreMoveBytes.Inclusion.Path));
            Assert.That(InclusionReceiptCodec.Encode(decoded), Is.EqualTo(expected));
        }
    }

    [Test]
    public void RoutingReceipt_PayloadsAndEveryWireShape_AreThePreMoveBytes()
    {
        var minimal = RoutingReceiptCodec.EncodePayload(PreMoveBytes.MinimalReceipt);
        var signature = PreMoveBytes.Fill(10, 0x80);
        List<byte[]> leaves = [PreMoveBytes.Fill(32, 0), PreMoveBytes.Fill(32, 1)];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RoutingReceiptCodec.EncodePayload(PreMoveBytes.FullReceipt), Is.EqualTo(PreMoveBytes.Hex("receipt-payload-full")));
            Assert.That(minimal, Is.EqualTo(PreMoveBytes.Hex("receipt-payload-minimal")));
            Assert.That(RoutingReceiptCodec.Assemble(minimal, signature), Is.EqualTo(PreMoveBytes.Hex("receipt-signed")));
            Assert.That(RoutingReceiptCodec.BatchRoot(leaves), Is.EqualTo(PreMoveBytes.Hex("batch-root")));
            Assert.That(RoutingReceiptCodec.AssembleBatched(minimal, signature, 1, leaves), Is.EqualTo(PreMoveBytes.Hex("receipt-batched")));
            Assert.That(RoutingReceiptCodec.AssembleProven(minimal, PreMoveBytes.Fill(4, 0x90), InclusionReceiptCodec.Encode(PreMoveBytes.Inclusion)),
                Is.EqualTo(PreMoveBytes.Hex("receipt-proven")));
        }
    }

    [TestCase("receipt-payload-full")]
    [TestCase("receipt-payload-minimal")]
    public void RoutingReceiptPayload_PreMoveBytes_ReadBackToTheSameReceipt(string name)
    {
        var expected = name.EndsWith("full", StringComparison.Ordinal) ? PreMoveBytes.FullReceipt : PreMoveBytes.MinimalReceipt;
        var ok = RoutingReceiptCodec.TryDecodePayload(PreMoveBytes.Hex(name), out var decoded, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True, reason.ToString());
            Assert.That(decoded! with { DeliveredTo = expected.DeliveredTo, Withheld = expected.Withheld }, Is.EqualTo(expected));
            Assert.That(decoded.DeliveredTo, Is.EqualTo(expected.DeliveredTo));
            Assert.That(decoded.Withheld, Is.EqualTo(expected.Withheld));
        }
    }

    [Test]
    public void MerkleHash_LeafAndNode_AreThePreMoveValues()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MerkleHash.Leaf("leaf"u8), Is.EqualTo(PreMoveBytes.Hex("leaf(\"leaf\")")));
            Assert.That(MerkleHash.Node(PreMoveBytes.Fill(32, 0), PreMoveBytes.Fill(32, 1)), Is.EqualTo(PreMoveBytes.Hex("node(00..1f, 01..20)")));
        }
    }

    private static bool SameHead(SignedTreeHead a, SignedTreeHead b) =>
        a.LogId == b.LogId && a.TreeSize == b.TreeSize && a.Timestamp == b.Timestamp && a.RootHash.SequenceEqual(b.RootHash) && a.Signature.SequenceEqual(b.Signature);
}
