using System.Text.Json.Nodes;
using Broker.Gateway.Inbound;
using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Inbound;

public partial class DeliveryHandlerTests
{
    private static readonly string[] CryptoOnly = ["financial.crypto"];
    private static readonly string[] ThailandOnly = ["TH-ONCB"];
    private TestNetwork _network = null!;
    private GatewayStore _store = null!;
    private FakePublisher _agency = null!;
    private FakeTimeProvider _time = null!;
    private DeliveryHandler _handler = null!;
    private string _path = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _network = new TestNetwork();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _network.Dispose();

    [SetUp]
    public async Task SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"gw-inbox-{Guid.NewGuid():N}.db");
        _store = await GatewayStore.OpenAsync(_path);
        _agency = new FakePublisher();
        _time = new FakeTimeProvider(Samples.Now);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Agency = "RU-MVD" });
        _handler = NewHandler("RU-MVD", _store, _agency, _time);
    }

    [TearDown]
    public void TearDown() => TempDatabase.Delete(_path);

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_EnvelopeForThisAgency_PublishesThePlainAlertWithBrokerFacts(CancellationToken cancellationToken)
    {
        var (id, envelope) = Seal(["RU-MVD"], withholdFromView: [DataClass.FinancialCrypto]);
        var disposition = await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var published = _agency.Messages.Single();
        var json = JsonNode.Parse(published.Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(published.Exchange, Is.EqualTo("agency.inbound"));
            Assert.That(published.RoutingKey, Is.EqualTo("alert.delivered"));
            Assert.That(published.MessageId, Is.EqualTo(id.ToString()));
            Assert.That(published.Headers, Is.Null, "a first publish is not flagged as a possible duplicate");
            Assert.That(json["broker"]!["envelopeId"]!.GetValue<string>(), Is.EqualTo(id.ToString()));
            Assert.That(json["broker"]!["sender"]!.GetValue<string>(), Is.EqualTo("TH-ONCB"));
            Assert.That(json["broker"]!["verification"]!["result"]!.GetValue<string>(), Is.EqualTo("verified"));
            Assert.That(json["broker"]!["withheldDataClasses"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(CryptoOnly));
            Assert.That(json["alert"]!["title"]!.GetValue<string>(), Is.EqualTo(Samples.Node()["title"]!.GetValue<string>()));
            Assert.That(json["alert"]!["entities"]!.AsObject().ContainsKey("cryptoWallets"), Is.False);
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_DuplicateDelivery_PublishedOnce(CancellationToken cancellationToken)
    {
        var (_, envelope) = Seal(["RU-MVD"]);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var second = await _handler.HandleAsync(Delivery(envelope, redelivered: true), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Has.Count.EqualTo(1));
            Assert.That(await _store.CountInboxAsync(cancellationToken), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_SameEnvelopeHandledConcurrently_PublishedOnce(CancellationToken cancellationToken)
    {
        var (_, envelope) = Seal(["RU-MVD"]);
        // Prefetch and consumer concurrency can hand two copies of one envelope to two handlers at the same moment.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _handler.HandleAsync(Delivery(envelope), cancellationToken)));
        Assert.That(_agency.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_CrashBetweenStoreAndPublish_RedeliveryPublishesExactlyOnce(CancellationToken cancellationToken)
    {
        var (_, envelope) = Seal(["RU-MVD"]);
        _agency.Down = true;
        Assert.That(async () => await _handler.HandleAsync(Delivery(envelope), cancellationToken), Throws.InstanceOf<IOException>());
        _agency.Down = false;

        await _handler.HandleAsync(Delivery(envelope, redelivered: true), cancellationToken);
        await _handler.HandleAsync(Delivery(envelope, redelivered: true), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_agency.Messages, Has.Count.EqualTo(1));
            // The failed first attempt may have reached the agency broker: the republish says so, with the same message id.
            Assert.That(_agency.Messages[0].Headers!["x-possible-duplicate"], Is.EqualTo("true"));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_TamperedEnvelope_RefusedAckedAndNotPublished(CancellationToken cancellationToken)
    {
        var (_, envelope) = Seal(["RU-MVD"]);
        envelope[envelope.Length / 2] ^= 0x01;
        await AssertRefusedAsync(Delivery(envelope), "envelope-", cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_EnvelopeForAnotherAgency_RefusedAsNotARecipient(CancellationToken cancellationToken)
    {
        var (_, envelope) = Seal(["MY-PDRM"]);
        await AssertRefusedAsync(Delivery(envelope), "envelope-NotARecipient", cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ExpiredEnvelope_RefusedAsExpired(CancellationToken cancellationToken)
    {
        var (_, envelope) = Seal(["RU-MVD"]);
        _time.Advance(TimeSpan.FromDays(8));
        await AssertRefusedAsync(Delivery(envelope), "envelope-Expired", cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_TenMegabytesOfGarbage_RefusedAsTooLarge(CancellationToken cancellationToken) =>
        await AssertRefusedAsync(Delivery(new byte[10 * 1024 * 1024]), "envelope-TooLarge", cancellationToken);

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_UnknownAmqpType_Refused(CancellationToken cancellationToken)
    {
        var delivery = new InboundDelivery { DeliveryTag = 1, Redelivered = false, Exchange = "hub.delivery", RoutingKey = "RU-MVD", Body = new byte[] { 1, 2, 3 }, Type = "text/plain" };
        await AssertRefusedAsync(delivery, "unknown-type", cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_SignedRoutingReceipt_ForwardedOnceWithTheAlertId(CancellationToken cancellationToken)
    {
        var alertId = Guid.NewGuid();
        await _store.TryEnqueueAsync(alertId, Samples.Bytes(Samples.ThOncb), Samples.Now, cancellationToken);
        await _store.MarkSealedAsync(alertId, "00112233445566778899aabbccddeeff", [1], "TH-ONCB:0", cancellationToken: cancellationToken);
        var wire = RoutingReceiptCodec.Sign(Receipt("RU-MVD"), _network.Hub);

        await _handler.HandleAsync(ReceiptDelivery(wire), cancellationToken);
        await _handler.HandleAsync(ReceiptDelivery(wire), cancellationToken);
        var forwarded = _agency.Messages.Single();
        var json = JsonNode.Parse(forwarded.Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forwarded.RoutingKey, Is.EqualTo("receipt.routing"));
            Assert.That(json["alertId"]!.GetValue<string>(), Is.EqualTo(alertId.ToString("D")));
            Assert.That(json["outcome"]!.GetValue<string>(), Is.EqualTo("routed"));
            Assert.That(json["withheld"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("policy-denied"));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ReceiptSignedByAnUnregisteredKey_Refused(CancellationToken cancellationToken)
    {
        using var forger = Broker.Protocol.Keys.SigningKeyPair.Generate();
        var wire = RoutingReceiptCodec.Sign(Receipt("RU-MVD"), forger);
        await AssertRefusedAsync(ReceiptDelivery(wire), "receipt-", cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ReceiptForAnotherAgency_Refused(CancellationToken cancellationToken)
    {
        var wire = RoutingReceiptCodec.Sign(Receipt("MY-PDRM"), _network.Hub);
        await AssertRefusedAsync(ReceiptDelivery(wire), "receipt-for-another-agency", cancellationToken);
    }

    private static Broker.Protocol.Receipts.RoutingReceipt Receipt(string sender) => new()
    {
        ReceiptId = Guid.NewGuid().ToString("N"),
        HubId = "hub",
        Sender = AgencyId.Parse(sender),
        EnvelopeId = "00112233445566778899aabbccddeeff",
        IssuedAt = Samples.Now,
        Outcome = Broker.Protocol.Receipts.ReceiptOutcome.Routed,
        DeliveredTo = [AgencyId.Parse("TH-ONCB")],
        Withheld = [new Broker.Protocol.Receipts.WithheldRecipient(AgencyId.Parse("MY-PDRM"), "policy-denied", "outbound rule 3")],
    };

    private static InboundDelivery ReceiptDelivery(byte[] wire) => new()
    {
        DeliveryTag = 1,
        Redelivered = false,
        Exchange = "hub.delivery",
        RoutingKey = "RU-MVD",
        Body = wire,
        Type = "broker.receipt.v1",
    };

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_DeliveredAlert_QueuesOneSignedDeliveryReceiptToTheSender(CancellationToken cancellationToken)
    {
        var (id, envelope) = Seal(["RU-MVD"]);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        await _handler.HandleAsync(Delivery(envelope, redelivered: true), cancellationToken);
        var entry = await _store.FindOutboxAsync(Broker.Gateway.Outbound.DeliveryReceiptSealer.OutboxKey(id), cancellationToken);
        var body = JsonNode.Parse(entry!.AlertJson)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(OutboxKind.DeliveryReceipt));
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
            Assert.That(body["envelopeId"]!.GetValue<string>(), Is.EqualTo(id.ToString()));
            Assert.That(body["originalSender"]!.GetValue<string>(), Is.EqualTo("TH-ONCB"));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DeliveryReceipt_SealedByRecipientAndOpenedBySender_ReachesTheSenderAgencyAsReceiptDelivery(CancellationToken cancellationToken)
    {
        var (id, envelope) = Seal(["RU-MVD"]);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var hub = new FakePublisher();
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Agency = "RU-MVD" });
        using var drainer = new OutboxDrainer(
            _store,
            new AlertSealer(_network.Keyring("RU-MVD"), new Broker.Gateway.Policies.GatewayPolicies(_network.Registry, Path.GetTempPath(), _time, NullLogger.Instance), _time, NullLogger<AlertSealer>.Instance),
            new DeliveryReceiptSealer(_network.Keyring("RU-MVD"), _time),
            new AgencyNotifier(_agency, options, _time), hub, new OutboxSignal(), options, new GatewayMetrics(new TestMeterFactory()), _time, NullLogger<OutboxDrainer>.Instance);
        await drainer.DrainOnceAsync(cancellationToken);
        var receipt = hub.Messages.Single();
        Envelope.TryReadHeader(receipt.Body.Span, out var header, out _);

        // The sender's gateway takes it in as a delivery receipt and does not answer it with another receipt.
        var thPath = Path.Combine(Path.GetTempPath(), $"gw-th-{Guid.NewGuid():N}.db");
        var thStore = await GatewayStore.OpenAsync(thPath, cancellationToken);
        var thAgency = new FakePublisher();
        var thHandler = NewHandler("TH-ONCB", thStore, thAgency, _time);

        // A receipt is accepted only for an envelope the receiving agency sent to the receipt's signer.
        var alertId = Guid.NewGuid();
        await thStore.TryEnqueueAsync(alertId, Samples.Bytes(Samples.ThOncb), Samples.Now, cancellationToken);
        await thStore.MarkSealedAsync(alertId, id.ToString(), [1], "RU-MVD:0", cancellationToken: cancellationToken);
        var disposition = await thHandler.HandleAsync(Delivery(receipt.Body.ToArray()), cancellationToken);
        var forwarded = thAgency.Messages.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.UserId, Is.EqualTo("RU-MVD"));
            Assert.That(header!.Kind, Is.EqualTo(MessageKind.DeliveryReceipt));
            Assert.That(header.InReplyTo, Is.EqualTo(id));
            Assert.That(header.Recipients.Select(r => r.Agency.Value), Is.EqualTo(ThailandOnly));
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(forwarded.RoutingKey, Is.EqualTo("receipt.delivery"));
            Assert.That(JsonNode.Parse(forwarded.Body.Span)!["receipt"]!["envelopeId"]!.GetValue<string>(), Is.EqualTo(id.ToString()));
            Assert.That(await thStore.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.Zero, "no receipt for a receipt");
        }
    }

    private DeliveryHandler NewHandler(string agency, GatewayStore store, FakePublisher publisher, TimeProvider time)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Agency = agency });
        return new DeliveryHandler(
            _network.Keyring(agency), store, new InboundCheck(store, AgencyId.Parse(agency)), new AgencyNotifier(publisher, options, time), new OutboxSignal(), options,
            new GatewayMetrics(new TestMeterFactory()), time, NullLogger<DeliveryHandler>.Instance);
    }

    private async Task AssertRefusedAsync(InboundDelivery delivery, string reasonPrefix, CancellationToken cancellationToken)
    {
        var disposition = await _handler.HandleAsync(delivery, cancellationToken);
        var reasons = await _store.RefusedReasonsAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Is.Empty);
            Assert.That(reasons, Has.Count.EqualTo(1));
            Assert.That(reasons[0], Does.StartWith(reasonPrefix));
            Assert.That(await _store.CountInboxAsync(cancellationToken), Is.Zero);
        }
    }

    private (EnvelopeId Id, byte[] Envelope) Seal(string[] recipients, DataClass[]? withholdFromView = null)
    {
        var full = Samples.Bytes(Samples.ThOncb);
        var view = Broker.Gateway.Alerts.AlertRedactor.Redact(full, (withholdFromView ?? []).ToHashSet());
        var other = Broker.Gateway.Alerts.AlertRedactor.Redact(full, new HashSet<DataClass>());
        var views = withholdFromView is null ? new[] { view } : [view, other];
        var specs = recipients.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, _network.Keys[r].Encryption.PublicKey)).ToList();
        if (withholdFromView is not null)
        {
            // A second recipient with the full view, so the header lists the withheld class.
            specs.Add(new RecipientSpec(AgencyId.Parse("SG-CNB"), 1, _network.Keys["SG-CNB"].Encryption.PublicKey));
        }

        var id = EnvelopeId.New();
        var request = new SealRequest
        {
            Id = id,
            Created = Samples.Now,
            Expires = Samples.Now.AddDays(7),
            Category = Category.DrugTrafficking,
            Priority = Priority.Urgent,
            Tlp = Tlp.Amber,
            Handling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent,
            Views = [.. views.Select(v => new ViewContent(v.DataClasses, v.Json))],
            Recipients = specs,
        };
        return (id, Envelope.Seal(request, _network.Keys["TH-ONCB"]));
    }

    private static InboundDelivery Delivery(byte[] body, bool redelivered = false) => new()
    {
        DeliveryTag = 1,
        Redelivered = redelivered,
        Exchange = "hub.delivery",
        RoutingKey = "RU-MVD",
        Body = body,
        Type = "broker.envelope.v1",
        UserId = "hub-core",
    };
}
