using Broker.Hosting.Rabbit;
using Broker.Hub.Ingress;
using Broker.Hub.Tests.Support;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Keys;
using Broker.Protocol.Receipts;

namespace Broker.Hub.Tests.Ingress;

public sealed class IngressRouterRejectionTests
{
    private static TestNetwork World => HubWorld.Shared;

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_NoUserId_DeadLetteredWithoutReceiptAndNothingDelivered(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD"]), userId: null), cancellationToken);

        AssertRejected(hub, disposition, RejectCodes.UserIdMissing);
        Assert.That(hub.Publisher.To("hub.delivery"), Is.Empty);
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_UserIdOfAnotherAgency_SenderMismatchAndRejectionReceiptToThePublisher(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD"]), "MY-PDRM"), cancellationToken);

        AssertRejected(hub, disposition, RejectCodes.SenderMismatch);
        var receipt = IngressRouterTests.ReadReceipt(hub.Publisher.To("hub.delivery", "MY-PDRM", HubMessageTypes.Receipt).Single());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.Outcome, Is.EqualTo(ReceiptOutcome.Rejected));
            Assert.That(receipt.RejectCode, Is.EqualTo(RejectCodes.SenderMismatch));
            Assert.That(hub.Publisher.To("hub.delivery", "RU-MVD"), Is.Empty);
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_SignedWithAKeyNotRegisteredForTheSender_RejectedUnknownKey(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        using var forger = new AgencyKeys(World["TH-ONCB"].Agency, SigningKeyPair.FromSeed(HubWorld.Seed(0x66, 1)), EncryptionKeyPair.FromSeed(HubWorld.Seed(0x67, 1)));
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD"], signWith: forger), "TH-ONCB"), cancellationToken);

        AssertRejected(hub, disposition, "unknown-key");
        Assert.That(hub.Publisher.To("hub.delivery", "RU-MVD"), Is.Empty);
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_SignedHeaderByteFlipped_RejectedAndNothingDelivered(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var body = World.Seal("TH-ONCB", ["RU-MVD"]);
        body[60] ^= 0x01; // inside the signed header (stanzas at the end are unsigned; only the recipient can check them)
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken);

        Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
        Assert.That(hub.Publisher.To("hub.dlx"), Has.Count.EqualTo(1));
        Assert.That(hub.Publisher.To("hub.delivery", "RU-MVD"), Is.Empty);
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_SameEnvelopeTwice_SecondRejectedAsReplayed(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var body = World.Seal("TH-ONCB", ["RU-MVD"]);
        await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken);
        var second = await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB", tag: 2), cancellationToken);

        AssertRejected(hub, second, RejectCodes.Replayed);
        Assert.That(hub.Publisher.To("hub.delivery", "RU-MVD", HubMessageTypes.Envelope), Has.Count.EqualTo(1));
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_RedeliveryAfterRoutingCompleted_AckedWithoutSecondCopyOrDeadLetter(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var body = World.Seal("TH-ONCB", ["RU-MVD"]);
        await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken);
        var again = await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB", redelivered: true, tag: 2), cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(hub.Publisher.To("hub.delivery", "RU-MVD", HubMessageTypes.Envelope), Has.Count.EqualTo(1));
            Assert.That(hub.Publisher.To("hub.dlx"), Is.Empty);
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_ExpiredEnvelope_RejectedExpired(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        hub.Time.Advance(TimeSpan.FromDays(3));
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD"]), "TH-ONCB"), cancellationToken);

        AssertRejected(hub, disposition, "expired");
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_BodyOverTheCap_DeadLetteredTooLargeWithoutTheBody(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness(maxEnvelopeBytes: 4096);
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(new byte[4097], "TH-ONCB"), cancellationToken);

        AssertRejected(hub, disposition, RejectCodes.TooLarge);
        var letter = hub.Publisher.To("hub.dlx").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(letter.Body.Length, Is.Zero);
            Assert.That(letter.Headers![HubMessageTypes.HeaderOriginalBytes], Is.EqualTo("4097"));
        }
    }

    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF }, TestName = "RouteAsync_NotCbor_DeadLettered")]
    [TestCase(new byte[] { 0xA1, 0x61, 0x78, 0x01 }, TestName = "RouteAsync_CborButNotAnEnvelope_DeadLettered")]
    [TestCase(new byte[0], TestName = "RouteAsync_EmptyBody_DeadLettered")]
    [CancelAfter(30_000)]
    public async Task RouteAsync_Garbage_DeadLetteredWithProtocolReasonAndReceipt(byte[] body, CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken);

        Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
        var letter = hub.Publisher.To("hub.dlx").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(letter.RoutingKey, Does.StartWith("rejected."));
            Assert.That(letter.Headers!.ContainsKey(HubMessageTypes.HeaderProtocolReason), Is.True);
            Assert.That(hub.Publisher.To("hub.delivery", "TH-ONCB", HubMessageTypes.Receipt), Has.Count.EqualTo(1));
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_UserIdNotAnAgency_RejectedUnknownSenderWithoutReceipt(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD"]), "admin"), cancellationToken);

        AssertRejected(hub, disposition, RejectCodes.UnknownSender);
        Assert.That(hub.Publisher.To("hub.delivery"), Is.Empty);
    }

    private static void AssertRejected(RouterHarness hub, DeliveryDisposition disposition, string code)
    {
        var letter = hub.Publisher.To("hub.dlx").Single();
        // The audit log is the one record of the rejection: exactly one refusal entry, beside the dead letter.
        var refusal = hub.Audit.Records.OfType<IngressRefused>().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(letter.RoutingKey, Is.EqualTo("rejected." + code));
            Assert.That(letter.Headers![HubMessageTypes.HeaderRejectCode], Is.EqualTo(code));
            Assert.That(letter.Headers[HubMessageTypes.HeaderRejectReason], Is.Not.Empty);
            Assert.That(letter.UserId, Is.EqualTo("hub-core"));
            Assert.That(refusal.Code, Is.EqualTo(code));
            Assert.That(refusal.Reason, Is.EqualTo(letter.Headers[HubMessageTypes.HeaderRejectReason]));
        }
    }
}
