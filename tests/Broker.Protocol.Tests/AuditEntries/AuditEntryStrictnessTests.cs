using System.Formats.Cbor;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Tests.Compatibility;
using Broker.Protocol.Tests.Support;

namespace Broker.Protocol.Tests.AuditEntries;

/// <summary>Entries decode through the strict pre-walk: anything but the one canonical form of a valid entry is refused with a stable reason.</summary>
public sealed class AuditEntryStrictnessTests
{
    private static byte[] Received => PreMoveBytes.EntryHex("EnvelopeReceived");

    public static IEnumerable<TestCaseData> Hostile()
    {
        yield return Case("version in two bytes", CborMutations.Widen(Received, 1), RejectReason.NonCanonicalEncoding);
        // Offset 18 is the head of the 16-byte envelope id inside the record: nested items are checked too.
        yield return Case("envelope id length in two bytes", CborMutations.Widen(Received, 18), RejectReason.NonCanonicalEncoding);
        yield return Case("trailing byte", CborMutations.Trailing(Received), RejectReason.TrailingBytes);
        yield return Case("map with a repeated key", CborMutations.DuplicateKeyMap, RejectReason.DuplicateMapKey);
        yield return Case("indefinite-length array", CborMutations.Indefinite(Received), RejectReason.ForbiddenCborItem);
        yield return Case("last byte missing", Received[..^1], RejectReason.Truncated);
        yield return Case("half float for the version", [0x85, 0xF9, 0x3C, 0x00, .. Received[2..]], RejectReason.ForbiddenCborItem);
        yield return Case("version 2", Entry(2, 0, 1, w => Verified(w)), RejectReason.InvalidField);
        yield return Case("negative index", Entry(1, -1, 1, w => Verified(w)), RejectReason.InvalidField);
        yield return Case("unknown kind", Entry(1, 0, 99, w => Verified(w)), RejectReason.InvalidField);
        yield return Case("record of the wrong arity", Entry(1, 0, 2, w => Verified(w, arity: 4)), RejectReason.Malformed);
        yield return Case("15-byte envelope id", Entry(1, 0, 2, w => Verified(w, idBytes: 15)), RejectReason.InvalidField);
        // Null is part of the entry profile only because kind 9 writes it for a missing envelope id; anywhere else it is a wrong type.
        yield return Case("null envelope id outside kind 9", Entry(1, 0, 2, w => Verified(w, nullId: true)), RejectReason.InvalidField);
        yield return Case("text where the accepted flag is", Entry(1, 0, 2, w => Verified(w, textFlag: true)), RejectReason.InvalidField);
    }

    [TestCaseSource(nameof(Hostile))]
    public void TryDecode_HostileVariant_RefusedWithStableReason(byte[] bytes, RejectReason expected)
    {
        var ok = AuditEntryCodec.TryDecode(bytes, out var entry, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(entry, Is.Null);
            Assert.That(reason, Is.EqualTo(expected));
        }
    }

    [Test]
    public void TryDecode_OverTheCap_RefusedTooLargeBeforeReading()
    {
        // A valid prefix: without the cap check the pre-walk would report Truncated instead.
        byte[] oversized = [.. Received, .. new byte[AuditEntryCodec.MaxEntryBytes]];
        Assert.That(AuditEntryCodec.TryDecode(oversized, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.TooLarge));
    }

    [Test]
    public void TryDecode_NullEnvelopeIdInKind9_IsTheOneNullAccepted()
    {
        var ok = AuditEntryCodec.TryDecode(PreMoveBytes.EntryHex("IngressRefusedNoId"), out var entry, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True, reason.ToString());
            Assert.That(((IngressRefused)entry!.Record).EnvelopeId, Is.Null);
        }
    }

    private static TestCaseData Case(string name, byte[] bytes, RejectReason expected) =>
        new TestCaseData(bytes, expected).SetArgDisplayNames(name);

    private static byte[] Entry(long version, long index, long kind, Action<CborWriter> record) => CborMutations.Lax(w =>
    {
        w.WriteStartArray(5);
        w.WriteInt64(version);
        w.WriteInt64(index);
        w.WriteInt64(1_700_000_000_000);
        w.WriteInt64(kind);
        record(w);
        w.WriteEndArray();
    });

    /// <summary>An EnvelopeVerified record (kind 2), valid unless told otherwise.</summary>
    private static void Verified(CborWriter w, int arity = 5, int idBytes = 16, bool nullId = false, bool textFlag = false)
    {
        w.WriteStartArray(arity);
        if (nullId)
        {
            w.WriteNull();
        }
        else
        {
            w.WriteByteString(new byte[idBytes]);
        }

        if (textFlag)
        {
            w.WriteTextString("true");
        }
        else
        {
            w.WriteBoolean(true);
        }

        w.WriteTextString("None");
        w.WriteInt64(1);
        if (arity == 5)
        {
            w.WriteInt64(1_700_000_000_000);
        }

        w.WriteEndArray();
    }
}
