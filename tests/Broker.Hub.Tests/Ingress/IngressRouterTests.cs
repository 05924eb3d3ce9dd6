using Broker.Hosting.Rabbit;
using Broker.Hub.Ingress;
using Broker.Hub.Tests.Support;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Tests.Ingress;

public sealed class IngressRouterTests
{
    private static readonly string[] OnlyRussia = ["RU-MVD"];

    private static TestNetwork World => HubWorld.Shared;

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_PermittedRecipients_EachGetsACopyStrippedToThemselves(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var body = World.Seal("TH-ONCB", ["RU-MVD", "MY-PDRM", "SG-CNB"]);

        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken);

        Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
        foreach (var recipient in new[] { "RU-MVD", "MY-PDRM" })
        {
            var copies = hub.Publisher.To("hub.delivery", recipient, HubMessageTypes.Envelope);
            Assert.That(copies, Has.Count.EqualTo(1), recipient);
            Assert.That(Envelope.TryVerify(copies[0].Body, World.Registry, HubWorld.Now.AddMinutes(1), out var copy, out var reason), Is.True, reason.ToString());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(copy!.PresentRecipients, Is.EqualTo(new[] { AgencyId.Parse(recipient) }));
                Assert.That(copies[0].UserId, Is.EqualTo("hub-core"));
                Assert.That(copies[0].MessageId, Is.EqualTo(copy.Header.Id.ToString()));
            }
        }

        // SG-CNB is addressed, but no policy lets TH-ONCB send to it.
        Assert.That(hub.Publisher.To("hub.delivery", "SG-CNB", HubMessageTypes.Envelope), Is.Empty);
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_MixedVerdicts_OriginatorGetsSignedReceiptNamingDeliveredAndWithheld(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var id = EnvelopeId.New();
        var body = World.Seal("TH-ONCB", ["RU-MVD", "SG-CNB"], id);

        await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken);

        var receipts = hub.Publisher.To("hub.delivery", "TH-ONCB", HubMessageTypes.Receipt);
        Assert.That(receipts, Has.Count.EqualTo(1));
        Assert.That(RoutingReceiptCodec.TryVerify(receipts[0].Body.Span, World.Registry, out var receipt, out var reason), Is.True, reason.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.Outcome, Is.EqualTo(ReceiptOutcome.Routed));
            Assert.That(receipt.EnvelopeId, Is.EqualTo(id.ToString()));
            Assert.That(receipt.DeliveredTo, Is.EqualTo(new[] { AgencyId.Parse("RU-MVD") }));
            Assert.That(receipt.Withheld.Select(w => (w.Agency.Value, w.Code)), Is.EqualTo(new[] { ("SG-CNB", "policy-no-matching-rule") }));
            Assert.That(receipts[0].UserId, Is.EqualTo("hub-core"));
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_ValidEnvelope_AuditLogRecordsEveryRecipientDecisionAndTheDelivery(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD", "SG-CNB"]), "TH-ONCB"), cancellationToken);

        var records = hub.Audit.Records.ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(records.OfType<EnvelopeVerified>().Single().Accepted, Is.True);
            Assert.That(records.OfType<EnvelopeVerified>().Single().RegistryVersion, Is.EqualTo(World.Registry.Version));
            Assert.That(records.OfType<DecisionRecorded>().Select(d => (d.Recipient.Value, d.Outcome)),
                Is.EquivalentTo(new[] { ("RU-MVD", RecordedOutcome.Allow), ("SG-CNB", RecordedOutcome.Deny) }));
            Assert.That(records.OfType<DeliveryRecorded>().Select(d => d.Recipient.Value), Is.EqualTo(OnlyRussia));
            Assert.That(records.OfType<IngressRefused>(), Is.Empty);
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_RecipientWithoutQueue_WithheldAsNoDeliveryQueue(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        hub.Publisher.Unroutable.Add("RU-MVD");
        await hub.Router.RouteAsync(RouterHarness.Delivery(World.Seal("TH-ONCB", ["RU-MVD"]), "TH-ONCB"), cancellationToken);

        var receipt = ReadReceipt(hub.Publisher.To("hub.delivery", "TH-ONCB", HubMessageTypes.Receipt).Single());
        Assert.That(receipt.Withheld.Single().Code, Is.EqualTo("no-delivery-queue"));
    }

    [Test, CancelAfter(30_000)]
    public async Task RouteAsync_PublishFails_ThrowsSoTheMessageIsRequeuedAndLaterRedeliveryRoutesIt(CancellationToken cancellationToken)
    {
        using var hub = new RouterHarness();
        var body = World.Seal("TH-ONCB", ["RU-MVD"]);
        hub.Publisher.FailWith = new IOException("broker gone");

        Assert.That(async () => await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken), Throws.InstanceOf<IOException>());

        hub.Publisher.FailWith = null;
        var disposition = await hub.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB", redelivered: true), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(hub.Publisher.To("hub.delivery", "RU-MVD", HubMessageTypes.Envelope), Has.Count.EqualTo(1));
        }
    }

    internal static RoutingReceipt ReadReceipt(OutgoingMessage message) =>
        RoutingReceiptCodec.TryVerify(message.Body.Span, World.Registry, out var receipt, out var reason)
            ? receipt
            : throw new AssertionException($"Receipt did not verify: {reason}");
}
