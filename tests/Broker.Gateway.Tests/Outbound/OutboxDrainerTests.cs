using System.Text.Json.Nodes;
using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Protocol.Envelopes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Outbound;

public partial class OutboxDrainerTests
{
    private static readonly string[] Addressed = ["RU-MVD", "MY-PDRM"];
    private static readonly string[] MyClasses = ["operational.general", "operational.location"];
    private TestNetwork _network = null!;
    private GatewayStore _store = null!;
    private FakePublisher _hub = null!;
    private FakePublisher _agency = null!;
    private FakeTimeProvider _time = null!;
    private OutboxDrainer _drainer = null!;
    private string _path = null!;
    private string _policyFolder = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _network = new TestNetwork(suspended: ["ID-BNN"]);

    [OneTimeTearDown]
    public void OneTimeTearDown() => _network.Dispose();

    [SetUp]
    public async Task SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"gw-drain-{Guid.NewGuid():N}.db");
        _store = await GatewayStore.OpenAsync(_path);
        _hub = new FakePublisher();
        _agency = new FakePublisher();
        _time = new FakeTimeProvider(Samples.Now);
        _policyFolder = TestPolicies.Folder(_network);
        _drainer = Drainer(_hub);
    }

    /// <summary>A drainer on this test's store, clock and agency publisher, publishing to <paramref name="hub"/>.</summary>
    private OutboxDrainer Drainer(Broker.Hosting.Rabbit.IConfirmedPublisher hub, Action<GatewayOptions>? configure = null, OutboxSignal? signal = null)
    {
        var settings = new GatewayOptions { Agency = "TH-ONCB", RetryBaseMilliseconds = 1000, RetryMaxMilliseconds = 8000 };
        configure?.Invoke(settings);
        var options = Microsoft.Extensions.Options.Options.Create(settings);
        var sealer = new AlertSealer(_network.Keyring("TH-ONCB"), TestPolicies.Load(_network, _policyFolder), _time, NullLogger<AlertSealer>.Instance);
        var notifier = new AgencyNotifier(_agency, options, _time);
        return new OutboxDrainer(
            _store, sealer, new DeliveryReceiptSealer(_network.Keyring("TH-ONCB"), _time), notifier, hub, signal ?? new OutboxSignal(), options, Metrics(), _time,
            NullLogger<OutboxDrainer>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _drainer.Dispose();
        Directory.Delete(_policyFolder, recursive: true);
        TempDatabase.Delete(_path);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_PendingAlert_PublishesAVerifiableEnvelopeAsTheAgency(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        var sent = await _drainer.DrainOnceAsync(cancellationToken);
        var message = _hub.Messages.Single();
        var verified = Envelope.TryVerify(message.Body, _network.Registry, Samples.Now, out var envelope, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Is.EqualTo(1));
            Assert.That(message.Exchange, Is.EqualTo("hub.ingress"));
            Assert.That(message.RoutingKey, Is.EqualTo("from.TH-ONCB"));
            Assert.That(message.UserId, Is.EqualTo("TH-ONCB"));
            Assert.That(message.Type, Is.EqualTo("broker.envelope.v1"));
            Assert.That(message.ContentType, Is.EqualTo("application/vnd.broker.envelope+cbor"));
            Assert.That(verified, Is.True, reason.ToString());
            Assert.That(message.MessageId, Is.EqualTo(envelope!.Header.Id.ToString()));
            Assert.That(envelope.Header.Sender.Value, Is.EqualTo("TH-ONCB"));
            Assert.That(envelope.Header.Recipients.Select(r => r.Agency.Value), Is.EquivalentTo(Addressed));
            Assert.That((await _store.FindOutboxAsync(id, cancellationToken))!.State, Is.EqualTo(OutboxState.Sent));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_PoliciesWithholdPersonalDataFromMalaysia_EachRecipientOpensOnlyItsView(CancellationToken cancellationToken)
    {
        await EnqueueSampleAsync(cancellationToken);
        await _drainer.DrainOnceAsync(cancellationToken);
        var body = _hub.Messages.Single().Body;
        Envelope.TryOpen(body, _network.Keys["RU-MVD"], _network.Registry, Samples.Now, out var ru, out _);
        Envelope.TryOpen(body, _network.Keys["MY-PDRM"], _network.Registry, Samples.Now, out var my, out _);
        var myAlert = JsonNode.Parse(my!.Plaintext)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(ru!.Plaintext), Samples.Node()), Is.True, "RU may receive everything");
            Assert.That(my.DataClasses.Select(c => c.Value), Is.EqualTo(MyClasses));
            Assert.That(myAlert["entities"]!.AsObject().ContainsKey("persons"), Is.False);
            Assert.That(myAlert["evaluation"]!.AsObject().ContainsKey("source"), Is.False);
            Assert.That(myAlert["title"]!.GetValue<string>(), Is.EqualTo(Samples.Node()["title"]!.GetValue<string>()));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_HubDown_KeepsTheSealedEnvelopeAndRepublishesTheSameIdLater(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        _hub.Down = true;
        Assert.That(await _drainer.DrainOnceAsync(cancellationToken), Is.Zero);
        var afterFailure = await _store.FindOutboxAsync(id, cancellationToken);
        Assert.That(await _drainer.DrainOnceAsync(cancellationToken), Is.Zero, "backed off: not due yet");

        _hub.Down = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await _drainer.DrainOnceAsync(cancellationToken), Is.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterFailure!.State, Is.EqualTo(OutboxState.Sealed));
            Assert.That(afterFailure.Attempts, Is.EqualTo(1));
            Assert.That(afterFailure.LastError, Is.EqualTo(nameof(IOException)));
            Assert.That(_hub.Messages.Single().MessageId, Is.EqualTo(afterFailure.EnvelopeId));
            Assert.That(_hub.Messages.Single().Body.ToArray(), Is.EqualTo(afterFailure.Envelope));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_Unroutable_IsRetriedNotMarkedSent(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        _hub.Outcome = Broker.Hosting.Rabbit.PublishOutcome.Unroutable;
        await _drainer.DrainOnceAsync(cancellationToken);
        Assert.That((await _store.FindOutboxAsync(id, cancellationToken))!.State, Is.EqualTo(OutboxState.Sealed));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_OnlySuspendedOrUnknownRecipients_FailsWithNoPermittedRecipientsAndANotice(CancellationToken cancellationToken)
    {
        var alert = Samples.Node();
        alert["addressing"] = new JsonObject { ["agencies"] = new JsonArray("ID-BNN", "XX-NONE") };
        var id = Guid.Parse(alert["id"]!.GetValue<string>());
        await _store.TryEnqueueAsync(id, Samples.Utf8(alert), Samples.Now, cancellationToken);

        await _drainer.DrainOnceAsync(cancellationToken);
        var rejected = _agency.Messages.Single(m => m.RoutingKey == "alert.rejected");
        var notice = JsonNode.Parse(_agency.Messages.Single(m => m.RoutingKey == "sharing.notice").Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_hub.Messages, Is.Empty);
            Assert.That((await _store.FindOutboxAsync(id, cancellationToken))!.State, Is.EqualTo(OutboxState.Failed));
            Assert.That(rejected.Exchange, Is.EqualTo("agency.inbound"));
            Assert.That(rejected.Headers!["x-reject-code"], Is.EqualTo("no-permitted-recipients"));
            Assert.That(notice["outcome"]!.GetValue<string>(), Is.EqualTo("nothing-to-send"));
            Assert.That(Reasons(notice), Is.EqualTo(new Dictionary<string, string> { ["ID-BNN"] = "recipient-not-active", ["XX-NONE"] = "unknown-recipient" }));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_AlertExpiredWhileWaiting_FailsWithExpired(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        _time.Advance(TimeSpan.FromDays(120));
        await _drainer.DrainOnceAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _store.FindOutboxAsync(id, cancellationToken))!.State, Is.EqualTo(OutboxState.Failed));
            Assert.That(_agency.Messages.Single(m => m.RoutingKey == "alert.rejected").Headers!["x-reject-code"], Is.EqualTo("expired"));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_SealedEnvelopeExpiredDuringOutage_FailsAndTellsTheAgency(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        _hub.Down = true;
        await _drainer.DrainOnceAsync(cancellationToken);
        _hub.Down = false;
        _time.Advance(ProtocolMaxLifetime + TimeSpan.FromMinutes(1));
        await _drainer.DrainOnceAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_hub.Messages, Is.Empty, "an expired envelope is not published");
            Assert.That((await _store.FindOutboxAsync(id, cancellationToken))!.State, Is.EqualTo(OutboxState.Failed));
            Assert.That(_agency.Messages.Single(m => m.RoutingKey == "alert.rejected").Headers!["x-reject-code"], Is.EqualTo("expired"));
        }
    }

    private static TimeSpan ProtocolMaxLifetime => Broker.Protocol.ProtocolLimits.MaxLifetime;

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_LongLivedAlert_EnvelopeLifetimeCappedAtProtocolMaximum(CancellationToken cancellationToken)
    {
        await EnqueueSampleAsync(cancellationToken);
        await _drainer.DrainOnceAsync(cancellationToken);
        Envelope.TryReadHeader(_hub.Messages.Single().Body.Span, out var header, out _);
        Assert.That(header!.Expires - header.Created, Is.EqualTo(Broker.Protocol.ProtocolLimits.MaxLifetime));
    }

    private async Task<Guid> EnqueueSampleAsync(CancellationToken cancellationToken)
    {
        var id = Guid.Parse(Samples.Node()["id"]!.GetValue<string>());
        await _store.TryEnqueueAsync(id, Samples.Bytes(Samples.ThOncb), Samples.Now, cancellationToken);
        return id;
    }

    private static GatewayMetrics Metrics() => new(new TestMeterFactory());

    private static Dictionary<string, string> Reasons(JsonNode notice) =>
        notice["recipients"]!.AsArray().ToDictionary(r => r!["agency"]!.GetValue<string>(), r => r!["reason"]!.GetValue<string>());
}
