using System.Text;
using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Outbound;

public partial class OutboundHandlerTests
{
    private TestNetwork _network = null!;
    private string _policyFolder = null!;
    private GatewayStore _store = null!;
    private FakePublisher _agency = null!;
    private OutboundHandler _handler = null!;
    private RecordingLogger<OutboundHandler> _log = null!;
    private FakeTimeProvider _time = null!;
    private string _path = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _network = new TestNetwork();
        _policyFolder = TestPolicies.Folder(_network);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _network.Dispose();
        Directory.Delete(_policyFolder, recursive: true);
    }

    [SetUp]
    public async Task SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"gw-out-{Guid.NewGuid():N}.db");
        _store = await GatewayStore.OpenAsync(_path);
        _agency = new FakePublisher();
        var time = _time = new FakeTimeProvider(Samples.Now);
        _log = new RecordingLogger<OutboundHandler>();
        _handler = Handler(Samples.Validator());
    }

    private OutboundHandler Handler(Broker.Gateway.Alerts.AlertValidator validator)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Agency = "TH-ONCB" });
        return new OutboundHandler(
            options, validator, new AlertSealer(_network.Keyring("TH-ONCB"), TestPolicies.Load(_network, _policyFolder), _time, NullLogger<AlertSealer>.Instance), _store,
            new AgencyNotifier(_agency, options, _time, _store), new OutboxSignal(), new GatewayMetrics(new TestMeterFactory()), _time, _log);
    }

    [TearDown]
    public void TearDown() => TempDatabase.Delete(_path);

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_ValidAlertTwice_OneOutboxEntryBothAcked(CancellationToken cancellationToken)
    {
        var first = await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb)), cancellationToken);
        var second = await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb)), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(second, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
            Assert.That(_agency.Messages, Is.Empty);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_NotJson_RejectionToAgencyAndDeadLetterWithReason(CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes("not json at all");
        var disposition = await _handler.HandleAsync(Delivery(body), cancellationToken);
        var rejected = _agency.Messages.Single(m => m.Exchange == "agency.inbound");
        var dead = _agency.Messages.Single(m => m.Exchange == "agency.dlx");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(rejected.RoutingKey, Is.EqualTo("alert.rejected"));
            Assert.That(rejected.Headers!["x-reject-code"], Is.EqualTo("not-json"));
            Assert.That(rejected.MessageId, Does.StartWith("rejected-"));
            Assert.That(rejected.CorrelationId, Is.EqualTo("m-1"));
            Assert.That(Encoding.UTF8.GetString(rejected.Body.Span), Does.Contain("\"code\":\"not-json\""));
            Assert.That(dead.Headers!["x-reject-code"], Is.EqualTo("not-json"));
            Assert.That(dead.Headers["x-reject-reason"], Does.Contain("not valid UTF-8 JSON"));
            Assert.That(dead.Body.ToArray(), Is.EqualTo(body));
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.Zero);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_SchemaViolation_RejectionCarriesTheAlertId(CancellationToken cancellationToken)
    {
        var alert = Samples.Node();
        alert["tlp"] = "PURPLE";
        await _handler.HandleAsync(Delivery(Samples.Utf8(alert)), cancellationToken);
        var rejected = _agency.Messages[0];
        Assert.That(Encoding.UTF8.GetString(rejected.Body.Span), Does.Contain("6f1c2a9e-4b7d-4c1e-9a53-2d8e0f7b1a01").And.Contain("/tlp"));
    }

    [Test]
    [CancelAfter(10_000)]
    public void HandleAsync_AgencyBrokerDownWhileRejecting_ThrowsSoTheMessageIsRequeued()
    {
        _agency.Down = true;
        Assert.That(async () => await _handler.HandleAsync(Delivery(Encoding.UTF8.GetBytes("{")), CancellationToken.None), Throws.InstanceOf<IOException>());
    }

    private static InboundDelivery Delivery(
        byte[] body, IReadOnlyDictionary<string, object?>? headers = null, string? messageId = "m-1", string? correlationId = null, string? contentType = "application/json") => new()
        {
            DeliveryTag = 1,
            Redelivered = false,
            Exchange = "agency.outbound",
            RoutingKey = "alert",
            Body = body,
            MessageId = messageId,
            CorrelationId = correlationId,
            ContentType = contentType,
            Headers = headers,
        };
}
