using System.Formats.Cbor;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Keys;
using Broker.Protocol.Receipts;
using Broker.Protocol.Tests.Compatibility;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Transparency;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Receipts;

/// <summary>
/// Every layer of a routing receipt (the wire array, the signed payload map and, in the proven form, the audit entry and the
/// inclusion receipt) decodes through the strict pre-walk; a refusal names a stable reason.
/// </summary>
public sealed class RoutingReceiptStrictnessTests
{
    private static byte[] Signed => PreMoveBytes.Hex("receipt-signed");

    private static byte[] Minimal => PreMoveBytes.Hex("receipt-payload-minimal");

    public static IEnumerable<TestCaseData> Hostile()
    {
        yield return Case("payload length in two bytes", CborMutations.Widen(Signed, 1), RejectReason.NonCanonicalEncoding);
        yield return Case("trailing byte", CborMutations.Trailing(Signed), RejectReason.TrailingBytes);
        yield return Case("map with a repeated key", CborMutations.DuplicateKeyMap, RejectReason.DuplicateMapKey);
        yield return Case("indefinite-length array", CborMutations.Indefinite(Signed), RejectReason.ForbiddenCborItem);
        yield return Case("last byte missing", Signed[..^1], RejectReason.Truncated);
        yield return Case("five elements", CborMutations.Lax(w => Elements(w, 5)), RejectReason.Malformed);
        // Offset 3 of the payload is the version's value: 1 written as 0x18 0x01.
        yield return Case("payload: version in two bytes", Wire(CborMutations.Widen(Minimal, 3)), RejectReason.NonCanonicalEncoding);
        yield return Case("payload: trailing byte", Wire(CborMutations.Trailing(Minimal)), RejectReason.TrailingBytes);
        yield return Case("payload: key repeated", Wire(Payload(Fields().Prepend(("v", w => w.WriteInt32(1))))), RejectReason.DuplicateMapKey);
        yield return Case("payload: keys out of order", Wire(Payload(Fields().Reverse())), RejectReason.NonCanonicalEncoding);
        yield return Case("payload: key this version does not define", Wire(Payload(Fields().Where(f => f.Key != "hub").Append(("zzz", w => w.WriteTextString("x"))), sort: true)), RejectReason.UnknownField);
        yield return Case("payload: hub missing", Wire(Payload(Fields().Where(f => f.Key != "hub"))), RejectReason.MissingField);
        yield return Case("payload: version 2", Wire(Payload(Fields().Select(f => f.Key == "v" ? ("v", w => w.WriteInt32(2)) : f))), RejectReason.InvalidField);
        yield return Case("payload: outcome 3", Wire(Payload(Fields().Select(f => f.Key == "out" ? ("out", w => w.WriteInt32(3)) : f))), RejectReason.InvalidField);
        yield return Case("payload: bad agency id", Wire(Payload(Fields().Select(f => f.Key == "from" ? ("from", w => w.WriteTextString("th-oncb")) : f))), RejectReason.InvalidField);
        yield return Case("payload: float time", Wire(Payload(Fields().Select(f => f.Key == "at" ? ("at", w => w.WriteDouble(1.5)) : f))), RejectReason.ForbiddenCborItem);
        yield return Case("proven: entry with a trailing byte", Proven(CborMutations.Trailing(Entry(Minimal, 1000)), Inclusion()), RejectReason.TrailingBytes);
        yield return Case("proven: entry of another kind", Proven(PreMoveBytes.EntryHex("EnvelopeVerified"), Inclusion()), RejectReason.InvalidReference);
        yield return Case("proven: entry holding another payload", Proven(Entry([0xA0], 1000), Inclusion()), RejectReason.InvalidReference);
        yield return Case("proven: entry at another index", Proven(Entry(Minimal, 999), Inclusion()), RejectReason.InvalidReference);
        yield return Case("proven: inclusion version in two bytes", Proven(Entry(Minimal, 1000), CborMutations.Widen(Inclusion(), 1)), RejectReason.NonCanonicalEncoding);
    }

    [TestCaseSource(nameof(Hostile))]
    public void TryVerify_HostileVariant_RefusedWithStableReason(byte[] wire, RejectReason expected)
    {
        var ok = RoutingReceiptCodec.TryVerify(wire, TestWorld.Shared.Registry, out var receipt, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(receipt, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    [Test]
    public void TryVerify_OverTheCapWithAValidPrefix_RefusedTooLarge()
    {
        byte[] oversized = [.. Signed, .. new byte[RoutingReceiptCodec.MaxReceiptBytes]];
        Assert.That(RoutingReceiptCodec.TryVerify(oversized, TestWorld.Shared.Registry, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.TooLarge));
    }

    [Test]
    public void TryVerify_ProvenByAOneEntryLogSignedByTheHub_Accepted()
    {
        var wire = ProvenByHead(TestWorld.Shared.RegistryKey, TestWorld.Now);
        Assert.That(RoutingReceiptCodec.TryVerify(wire, TestWorld.Shared.Registry, out var receipt, out var reason), Is.True, reason.ToString());
        Assert.That(receipt!.ReceiptId, Is.EqualTo("r-2"));
    }

    [Test]
    public void TryVerify_ProvenButTreeHeadSignedByAnAgencyOrOutsideTheHubKeysValidity_Refused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RoutingReceiptCodec.TryVerify(ProvenByHead(TestWorld.Shared["TH-ONCB"].Signing, TestWorld.Now), TestWorld.Shared.Registry, out _, out var agency), Is.False);
            Assert.That(agency, Is.EqualTo(RejectReason.UnknownKey));
            Assert.That(RoutingReceiptCodec.TryVerify(ProvenByHead(TestWorld.Shared.RegistryKey, TestWorld.Now.AddYears(5)), TestWorld.Shared.Registry, out _, out var late), Is.False);
            Assert.That(late, Is.EqualTo(RejectReason.UnknownKey));
        }
    }

    /// <summary>A log of one entry (the receipt's): its root is the entry's leaf hash and the inclusion path is empty.</summary>
    private static byte[] ProvenByHead(SigningKeyPair signer, DateTimeOffset at)
    {
        var entry = Entry(Minimal, 0);
        var leaf = MerkleHash.Leaf(entry);
        var payload = SignedTreeHead.Payload("broker-audit", 1, at, leaf);
        var head = new SignedTreeHead { LogId = "broker-audit", TreeSize = 1, Timestamp = at, RootHash = leaf, Signature = new CompositeTreeHeadSigner(signer).Sign(payload) };
        var inclusion = new InclusionReceipt { EntryIndex = 0, LeafHash = leaf, Path = [], TreeHead = head };
        return RoutingReceiptCodec.AssembleProven(Minimal, entry, InclusionReceiptCodec.Encode(inclusion));
    }

    private static TestCaseData Case(string name, byte[] wire, RejectReason expected) => new TestCaseData(wire, expected).SetArgDisplayNames(name);

    private static byte[] Wire(byte[] payload) => RoutingReceiptCodec.Assemble(payload, new byte[10]);

    private static byte[] Proven(byte[] entry, byte[] inclusion) => RoutingReceiptCodec.AssembleProven(Minimal, entry, inclusion);

    private static byte[] Entry(byte[] payload, long index) => AuditEntryCodec.Encode(new AuditEntry(index, PreMoveBytes.At,
        new RoutingReceiptIssued { EnvelopeId = "00112233445566778899aabbccddeeff", Sender = AgencyId.Parse("TH-ONCB"), Payload = payload }));

    private static byte[] Inclusion() => InclusionReceiptCodec.Encode(PreMoveBytes.Inclusion);

    private static void Elements(CborWriter w, int count)
    {
        w.WriteStartArray(count);
        for (var i = 0; i < count; i++)
        {
            w.WriteByteString([1]);
        }

        w.WriteEndArray();
    }

    /// <summary>The minimal payload's fields in canonical key order.</summary>
    private static IEnumerable<(string Key, Action<CborWriter> Write)> Fields() =>
    [
        ("v", w => w.WriteInt32(1)),
        ("at", w => w.WriteInt64(PreMoveBytes.At.ToUnixTimeMilliseconds())),
        ("id", w => w.WriteTextString("r-2")),
        ("to", w => { w.WriteStartArray(0); w.WriteEndArray(); }),
        ("hub", w => w.WriteTextString("hub-1")),
        ("out", w => w.WriteInt32(1)),
        ("from", w => w.WriteTextString("TH-ONCB")),
        ("held", w => { w.WriteStartArray(0); w.WriteEndArray(); }),
    ];

    /// <summary>Writes the fields in the order given (or sorted as the profile requires), keeping repeats.</summary>
    private static byte[] Payload(IEnumerable<(string Key, Action<CborWriter> Write)> fields, bool sort = false)
    {
        var list = fields.ToList();
        if (sort)
        {
            list = [.. list.OrderBy(f => f.Key.Length).ThenBy(f => f.Key, StringComparer.Ordinal)];
        }

        return CborMutations.Lax(w =>
        {
            w.WriteStartMap(list.Count);
            foreach (var (key, write) in list)
            {
                w.WriteTextString(key);
                write(w);
            }

            w.WriteEndMap();
        });
    }
}
