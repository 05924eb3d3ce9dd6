using System.Formats.Cbor;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.AuditEntries;

public class AuditEntryCodecTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 8, 0, 0, 123, TimeSpan.Zero);

    private static IEnumerable<AuditRecord> AllKinds()
    {
        yield return Records.Received(1).Record;
        yield return Records.Verified(1);
        yield return Records.Decision(1, Records.Russian);
        yield return Records.Decision(1, Records.Malaysian, RecordedOutcome.Deny);
        yield return Records.Delivery(1, Records.Russian);
        yield return new ReceiptRecorded { EnvelopeId = Records.EnvelopeId(1), From = Records.Russian, ReceiptKind = "acknowledged", SignedReceipt = [1, 2, 3] };
        yield return new RegistryChanged { Version = 4, SignedRegistry = [9, 9] };
        yield return new PolicyChanged { Country = new CountryCode("TH"), Version = 3, Document = [7], Signature = [8] };
        yield return new RoutingReceiptIssued { EnvelopeId = Records.EnvelopeId(1), Sender = Records.Russian, Payload = [0xa1, 1, 2] };
        yield return new IngressRefused { Code = "sender-mismatch", Reason = "spoofed", AuthenticatedUser = "RU-MVD", EnvelopeId = Records.EnvelopeId(1), BodySize = 900, BodyHash = new byte[32], RefusedAt = At };
        // Unreadable header and oversized body: no envelope id, no hash.
        yield return new IngressRefused { Code = "too-large", Reason = "over the cap", AuthenticatedUser = "", BodySize = 10_000_000, BodyHash = [], RefusedAt = At };
    }

    [TestCaseSource(nameof(AllKinds))]
    public void TryDecode_EncodedRecordOfEachKind_RoundTripsToSameBytes(AuditRecord record)
    {
        var bytes = AuditEntryCodec.Encode(new AuditEntry(42, At, record));

        var ok = AuditEntryCodec.TryDecode(bytes, out var entry, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True, reason.ToString());
            Assert.That(entry!.Index, Is.EqualTo(42));
            Assert.That(entry.Timestamp, Is.EqualTo(At));
            Assert.That(entry.Record.Kind, Is.EqualTo(record.Kind));
            Assert.That(AuditEntryCodec.Encode(entry), Is.EqualTo(bytes));
        }
    }

    [Test]
    public void Encode_SameEntryTwice_GivesIdenticalBytes()
    {
        var entry = new AuditEntry(7, At, Records.Decision(3, Records.Russian));
        Assert.That(AuditEntryCodec.Encode(entry), Is.EqualTo(AuditEntryCodec.Encode(entry with { })));
    }

    [Test]
    public void TryDecode_EveryTruncation_IsRejectedWithoutThrowing()
    {
        var bytes = AuditEntryCodec.Encode(new AuditEntry(1, At, Records.Received(5).Record));
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.That(AuditEntryCodec.TryDecode(bytes.AsMemory(0, length), out _, out _), Is.False, $"length {length}");
        }
    }

    [Test]
    public void TryDecode_TrailingByte_IsRejected()
    {
        byte[] bytes = [.. AuditEntryCodec.Encode(new AuditEntry(1, At, Records.Verified(1))), 0x00];
        var ok = AuditEntryCodec.TryDecode(bytes, out _, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.TrailingBytes));
        }
    }

    [Test]
    public void TryDecode_NonCanonicalIntegerEncoding_IsRejected()
    {
        // The index 1 written in two bytes (0x18 0x01) instead of one: same value, other bytes, so another leaf hash.
        var canonical = AuditEntryCodec.Encode(new AuditEntry(1, At, Records.Verified(1)));
        byte[] padded = [canonical[0], canonical[1], 0x18, 0x01, .. canonical[3..]];
        Assert.That(AuditEntryCodec.TryDecode(padded, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.NonCanonicalEncoding));
    }

    [Test]
    public void TryDecode_UnknownKindOrBadFieldCount_IsRejectedWithReason()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(5);
        writer.WriteInt32(1);
        writer.WriteInt64(0);
        writer.WriteInt64(0);
        writer.WriteInt32(99);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        writer.WriteEndArray();

        var ok = AuditEntryCodec.TryDecode(writer.Encode(), out _, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.InvalidField));
        }
    }

    [Test]
    public void TryDecode_OverTheCap_IsRejectedBeforeParsing()
    {
        var ok = AuditEntryCodec.TryDecode(new byte[AuditEntryCodec.MaxEntryBytes + 1], out _, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.TooLarge));
        }
    }

    [Test]
    public void TryDecode_RandomBitFlips_NeverThrow()
    {
        var bytes = AuditEntryCodec.Encode(new AuditEntry(3, At, Records.Decision(2, Records.Russian)));
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var copy = bytes.ToArray();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.That(() => AuditEntryCodec.TryDecode(copy, out _, out _), Throws.Nothing, $"bit {bit}");
        }
    }

    [Test]
    public void Encode_EnvelopeIdNotLowercaseHex_Throws()
    {
        var record = Records.Verified(1) with { EnvelopeId = Records.EnvelopeId(1).ToUpperInvariant() };
        Assert.That(() => AuditEntryCodec.Encode(new AuditEntry(0, At, record)), Throws.ArgumentException);
    }
}
