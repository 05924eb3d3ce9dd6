using Broker.Protocol.Envelopes;
using Broker.Protocol.Tests.Support;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class EnvelopeSignatureTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    private static EnvelopeWire Sealed() => Tamper.Parse(Envelope.Seal(World.Request([TestWorld.View("alert")], ["RU-MVD"]), World["TH-ONCB"]));

    private static void WriteSignature(System.Formats.Cbor.CborWriter w, EnvelopeWire wire, bool ed, bool ml, byte[]? edBytes = null, byte[]? mlBytes = null)
    {
        w.WriteStartArray(2 + (ed ? 1 : 0) + (ml ? 1 : 0));
        w.WriteInt32(wire.Signature.Suite);
        w.WriteByteString(wire.Signature.KeyId.Bytes);
        if (ed)
        {
            w.WriteByteString(edBytes ?? wire.Signature.Ed25519.ToArray());
        }

        if (ml)
        {
            w.WriteByteString(mlBytes ?? wire.Signature.MlDsa65.ToArray());
        }

        w.WriteEndArray();
    }

    [Test]
    public void TryVerify_MlDsaHalfRemoved_RejectsWithSignatureMalformed()
    {
        var wire = Sealed();
        Expect.VerifyRejects(Tamper.WithSignatureArray(wire, w => WriteSignature(w, wire, ed: true, ml: false)), RejectReason.SignatureMalformed);
    }

    [Test]
    public void TryVerify_Ed25519HalfRemoved_RejectsWithSignatureMalformed()
    {
        var wire = Sealed();
        Expect.VerifyRejects(Tamper.WithSignatureArray(wire, w => WriteSignature(w, wire, ed: false, ml: true)), RejectReason.SignatureMalformed);
    }

    // Found by the independent Node implementation: every structural defect of the signature array is 202 (spec §6).
    [Test]
    public void TryVerify_Ed25519HalfOneByteTooLong_RejectsWithSignatureMalformed()
    {
        var wire = Sealed();
        var padded = wire.Signature.Ed25519.ToArray().Append((byte)0).ToArray();
        Expect.VerifyRejects(Tamper.WithSignatureArray(wire, w => WriteSignature(w, wire, ed: true, ml: true, edBytes: padded)), RejectReason.SignatureMalformed);
    }

    [Test]
    public void TryVerify_KeyIdAsText_RejectsWithSignatureMalformed()
    {
        var wire = Sealed();
        Expect.VerifyRejects(Tamper.WithSignatureArray(wire, w =>
        {
            w.WriteStartArray(4);
            w.WriteInt32(wire.Signature.Suite);
            w.WriteTextString("key-id");
            w.WriteByteString(wire.Signature.Ed25519.ToArray());
            w.WriteByteString(wire.Signature.MlDsa65.ToArray());
            w.WriteEndArray();
        }), RejectReason.SignatureMalformed);
    }

    [Test]
    public void TryVerify_SuiteNotAnInteger_RejectsWithSignatureMalformed()
    {
        var wire = Sealed();
        Expect.VerifyRejects(Tamper.WithSignatureArray(wire, w =>
        {
            w.WriteStartArray(4);
            w.WriteTextString("1");
            w.WriteByteString(wire.Signature.KeyId.Bytes);
            w.WriteByteString(wire.Signature.Ed25519.ToArray());
            w.WriteByteString(wire.Signature.MlDsa65.ToArray());
            w.WriteEndArray();
        }), RejectReason.SignatureMalformed);
    }

    [Test]
    public void TryVerify_MlDsaHalfReplacedByOneFromAnotherEnvelope_RejectsWithMlDsaSignatureInvalid()
    {
        var wire = Sealed();
        var other = Sealed();
        Expect.VerifyRejects(Tamper.Write(wire with { Signature = wire.Signature with { MlDsa65 = other.Signature.MlDsa65 } }), RejectReason.MlDsaSignatureInvalid);
    }

    [Test]
    public void TryVerify_Ed25519HalfReplacedByOneFromAnotherEnvelope_RejectsWithEd25519SignatureInvalid()
    {
        var wire = Sealed();
        var other = Sealed();
        Expect.VerifyRejects(Tamper.Write(wire with { Signature = wire.Signature with { Ed25519 = other.Signature.Ed25519 } }), RejectReason.Ed25519SignatureInvalid);
    }

    [Test]
    public void TryVerify_SignatureNamesAnotherKey_RejectsWithSignatureKeyMismatch()
    {
        var wire = Sealed();
        Expect.VerifyRejects(Tamper.Write(wire with { Signature = wire.Signature with { KeyId = World["RU-MVD"].Signing.Id } }), RejectReason.SignatureKeyMismatch);
    }

    [Test]
    public void TryVerify_SignedByAnotherAgencyKeyUnderTheSenderName_RejectsWithSignatureKeyMismatch()
    {
        var wire = Sealed();
        var forged = Tamper.Write(wire with { Signature = Tamper.Sign(wire.HeaderBytes.ToArray(), World["RU-MVD"].Signing) });
        Expect.VerifyRejects(forged, RejectReason.SignatureKeyMismatch);
    }

    [TestCase(0, RejectReason.SuiteDowngrade)]
    [TestCase(2, RejectReason.SuiteDowngrade)]
    [TestCase(3, RejectReason.UnsupportedSuite)]
    [TestCase(200, RejectReason.UnsupportedSuite)]
    public void TryVerify_HeaderSuiteNotOnAllowList_RejectsBeforeAnyCrypto(int suite, RejectReason expected)
    {
        var wire = Sealed();
        // Re-signed by the genuine sender: even a validly signed envelope under another suite is refused.
        var downgraded = Tamper.Resign(wire, wire.Header with { Suite = suite }, World["TH-ONCB"].Signing);
        Expect.VerifyRejects(downgraded, expected);
    }

    [Test]
    public void TryVerify_SignatureSuiteDowngraded_RejectsWithSuiteDowngrade()
    {
        var wire = Sealed();
        Expect.VerifyRejects(Tamper.Write(wire with { Signature = wire.Signature with { Suite = 2 } }), RejectReason.SuiteDowngrade);
    }
}
