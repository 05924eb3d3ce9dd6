using Broker.Protocol.Keys;
using Broker.Protocol.Receipts;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Receipts;

public sealed class RoutingReceiptCodecTests
{
    // The test registry's hub entry lists the registry key.
    private static SigningKeyPair HubKey => TestWorld.Shared.RegistryKey;

    private static RoutingReceipt Sample => new()
    {
        ReceiptId = "r1",
        HubId = "hub-test",
        Sender = AgencyId.Parse("TH-ONCB"),
        EnvelopeId = "00112233445566778899aabbccddeeff",
        IssuedAt = TestWorld.Now,
        Outcome = ReceiptOutcome.Routed,
        DeliveredTo = [AgencyId.Parse("RU-MVD")],
        Withheld = [new WithheldRecipient(AgencyId.Parse("SG-CNB"), "policy-denied", "no rule")],
    };

    [Test]
    public void TryVerify_SignedByHubKey_RoundTrips()
    {
        var wire = RoutingReceiptCodec.Sign(Sample, HubKey);
        Assert.That(RoutingReceiptCodec.TryVerify(wire, TestWorld.Shared.Registry, out var receipt, out var reason), Is.True, reason.ToString());
        Assert.That(receipt, Is.EqualTo(Sample with { DeliveredTo = receipt!.DeliveredTo, Withheld = receipt.Withheld }));
        Assert.That(receipt.Withheld, Is.EqualTo(Sample.Withheld));
    }

    [Test]
    public void TryVerify_SignedByAnAgencyKey_Refused()
    {
        var wire = RoutingReceiptCodec.Sign(Sample, TestWorld.Shared["TH-ONCB"].Signing);
        Assert.That(RoutingReceiptCodec.TryVerify(wire, TestWorld.Shared.Registry, out _, out _), Is.False);
    }

    [Test]
    public void TryVerify_PayloadAltered_Refused()
    {
        var payload = RoutingReceiptCodec.EncodePayload(Sample);
        var signature = DetachedSignature.Sign(RoutingReceiptCodec.SignaturePurpose, payload, HubKey);
        var altered = RoutingReceiptCodec.EncodePayload(Sample with { DeliveredTo = [AgencyId.Parse("RU-MVD"), AgencyId.Parse("SG-CNB")] });

        var ok = RoutingReceiptCodec.TryVerify(RoutingReceiptCodec.Assemble(altered, signature), TestWorld.Shared.Registry, out _, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.Ed25519SignatureInvalid));
        }
    }

    [TestCase(new byte[] { 0x01 })]
    [TestCase(new byte[] { 0x82, 0x40 })]
    [TestCase(new byte[0])]
    public void TryVerify_Garbage_RefusedWithoutThrowing(byte[] wire) =>
        Assert.That(RoutingReceiptCodec.TryVerify(wire, TestWorld.Shared.Registry, out _, out _), Is.False);

    [Test]
    public void TryVerify_OverTheCap_RefusedTooLarge()
    {
        RoutingReceiptCodec.TryVerify(new byte[RoutingReceiptCodec.MaxReceiptBytes + 1], TestWorld.Shared.Registry, out _, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.TooLarge));
    }
}
