using System.Formats.Cbor;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class EnvelopeEncodingTests
{
    private static readonly TestWorld World = TestWorld.Shared;
    private static readonly Lazy<byte[]> Original = new(() => Envelope.Seal(World.Request([TestWorld.View("alert")], ["RU-MVD"]), World["TH-ONCB"]));

    /// <summary>Rewrites the top-level map in lax mode with the entries given, so tests can break canonical form on purpose.</summary>
    private static byte[] TopLevel(params (int Key, int Source)[] entries)
    {
        var reader = new CborReader(Original.Value);
        reader.ReadStartMap();
        var values = new byte[5][];
        for (var i = 1; i <= 4; i++)
        {
            reader.ReadUInt32();
            values[i] = reader.ReadEncodedValue().ToArray();
        }

        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartMap(entries.Length);
        foreach (var (key, source) in entries)
        {
            w.WriteInt32(key);
            w.WriteEncodedValue(values[source]);
        }

        w.WriteEndMap();
        return w.Encode();
    }

    [Test]
    public void TryVerify_DuplicateMapKey_RejectsWithDuplicateMapKey() =>
        Expect.VerifyRejects(TopLevel((1, 1), (1, 1), (3, 3), (4, 4)), RejectReason.DuplicateMapKey);

    [Test]
    public void TryVerify_UnsortedMapKeys_RejectsWithNonCanonicalEncoding() =>
        Expect.VerifyRejects(TopLevel((1, 1), (3, 3), (2, 2), (4, 4)), RejectReason.NonCanonicalEncoding);

    [Test]
    public void TryVerify_MissingMapEntry_RejectsWithMissingField() =>
        Expect.VerifyRejects(TopLevel((1, 1), (2, 2), (3, 3)), RejectReason.MissingField);

    [Test]
    public void TryVerify_IntegerNotInShortestForm_RejectsWithNonCanonicalEncoding()
    {
        // 0x18 0x01 is the integer 1 in two bytes; deterministic CBOR requires the one-byte form 0x01.
        byte[] patched = [Original.Value[0], 0x18, .. Original.Value.AsSpan(1)];
        Expect.VerifyRejects(patched, RejectReason.NonCanonicalEncoding);
    }

    [Test]
    public void TryVerify_IndefiniteLengthMap_RejectsWithForbiddenCborItem()
    {
        byte[] patched = [0xBF, .. Original.Value.AsSpan(1), 0xFF];
        Expect.VerifyRejects(patched, RejectReason.ForbiddenCborItem);
    }

    [Test]
    public void TryVerify_Tagged_RejectsWithForbiddenCborItem() =>
        Expect.VerifyRejects([0xD8, 0x18, .. Original.Value], RejectReason.ForbiddenCborItem);

    [Test]
    public void TryVerify_TrailingByte_RejectsWithTrailingBytes() =>
        Expect.VerifyRejects([.. Original.Value, 0x00], RejectReason.TrailingBytes);

    [Test]
    public void TryVerify_EveryTruncation_RejectsWithTruncated()
    {
        var reasons = Enumerable.Range(0, Original.Value.Length)
            .Select(length => Envelope.TryVerify(Original.Value.AsMemory(0, length), World.Registry, TestWorld.Now, out _, out var reason) ? RejectReason.None : reason)
            .Distinct().ToList();
        Assert.That(reasons, Is.EqualTo(new[] { RejectReason.Truncated }));
    }

    [Test]
    public void TryVerify_OverEnvelopeCap_RejectsWithTooLargeBeforeParsing() =>
        Expect.VerifyRejects(new byte[ProtocolLimits.MaxEnvelopeBytes + 1], RejectReason.TooLarge);

    [Test]
    public void TryVerify_DeclaredLengthFarBeyondInput_RejectsWithTruncated()
    {
        // A byte string head claiming 2^62 bytes: refused from the head alone, nothing is allocated.
        byte[] hostile = [0xA1, 0x01, 0x5B, 0x40, 0, 0, 0, 0, 0, 0, 0];
        Expect.VerifyRejects(hostile, RejectReason.Truncated);
    }

    [Test]
    public void TryVerify_HeaderWithUnknownField_RejectsWithUnknownField()
    {
        var wire = Tamper.Parse(Original.Value);
        var header = wire.HeaderBytes.ToArray();
        byte[] extended = [(byte)(header[0] + 1), .. header.AsSpan(1), 0x11, 0x00];
        Expect.VerifyRejects(Tamper.Write(wire with { HeaderBytes = extended }), RejectReason.UnknownField);
    }

    [Test]
    public void TryVerify_MoreRecipientsThanCap_RejectsWithLimitExceeded()
    {
        var wire = Tamper.Parse(Original.Value);
        var many = Enumerable.Range(0, ProtocolLimits.MaxRecipients + 1)
            .Select(i => new HeaderRecipient(AgencyId.Parse($"ZZ-A{i:D3}"), 0, World["RU-MVD"].Encryption.Id)).ToList();
        var resigned = Tamper.Resign(wire, wire.Header with { Recipients = many }, World["TH-ONCB"].Signing);
        Expect.VerifyRejects(resigned, RejectReason.LimitExceeded);
    }

    [Test]
    public void TryVerify_UnsortedRecipients_RejectsWithNonCanonicalEncoding()
    {
        var wire = Tamper.Parse(Envelope.Seal(World.Request([TestWorld.View("a")], ["RU-MVD", "MY-PDRM"]), World["TH-ONCB"]));
        var reversed = wire.Header with { Recipients = wire.Header.Recipients.Reverse().ToList() };
        Expect.VerifyRejects(Tamper.Resign(wire, reversed, World["TH-ONCB"].Signing), RejectReason.NonCanonicalEncoding);
    }

    [Test]
    public void TryVerify_ViewNobodyIsAddressedTo_RejectsWithInvalidReference()
    {
        var wire = Tamper.Parse(Original.Value);
        var extraView = wire.Header with { Views = [.. wire.Header.Views, wire.Header.Views[0] with { Index = 1 }] };
        Expect.VerifyRejects(Tamper.Resign(wire, extraView, World["TH-ONCB"].Signing), RejectReason.InvalidReference);
    }
}
