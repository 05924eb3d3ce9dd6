using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>Receipts and notices about an accepted alert carry the agency system's correlation id (protocols/amqp.md §2.2).</summary>
public class AgencyNotifierTests
{
    private const string EnvelopeId = "0123456789abcdef0123456789abcdef";
    private static readonly Guid AlertId = Guid.Parse("6f1c2a9e-4b7d-4c1e-9a53-2d8e0f7b1a01");

    private string _path = null!;
    private GatewayStore _store = null!;
    private FakePublisher _agency = null!;
    private AgencyNotifier _notifier = null!;

    [SetUp]
    public async Task SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"gw-notifier-{Guid.NewGuid():N}.db");
        _store = await GatewayStore.OpenAsync(_path);
        _agency = new FakePublisher();
        _notifier = new AgencyNotifier(_agency, Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Agency = "TH-ONCB" }), new FakeTimeProvider(Samples.Now), _store);
        await _store.ClaimMessageIdAsync("m-1", new byte[32], AlertId, "case-4711", Samples.Now);
        await _store.TryEnqueueAsync(AlertId, Encoding.UTF8.GetBytes("{}"), Samples.Now);
        await _store.MarkSealedAsync(AlertId, EnvelopeId, [1, 2, 3], "RU-MVD");
    }

    [TearDown]
    public void TearDown() => TempDatabase.Delete(_path);

    [Test]
    [CancelAfter(10_000)]
    public async Task PublishToAgencyAsync_RoutingReceiptForOurEnvelope_CarriesTheAlertsCorrelationId(CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["receiptId"] = "r-1", ["envelopeId"] = EnvelopeId }.ToJsonString());
        await _notifier.PublishToAgencyAsync("receipt.routing", body, "r-1", "broker.receipt.routing.v1", cancellationToken);
        Assert.That(_agency.Messages.Single().CorrelationId, Is.EqualTo("case-4711"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PublishToAgencyAsync_DeliveryReceiptForOurEnvelope_CarriesTheAlertsCorrelationId(CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["broker"] = new JsonObject { ["envelopeId"] = "other", ["inReplyTo"] = EnvelopeId } }.ToJsonString());
        await _notifier.PublishToAgencyAsync("receipt.delivery", body, "other", "broker.receipt.delivery.v1", cancellationToken);
        Assert.That(_agency.Messages.Single().CorrelationId, Is.EqualTo("case-4711"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PublishToAgencyAsync_ReceiptForAnUnknownEnvelopeOrNotJson_NoCorrelationId(CancellationToken cancellationToken)
    {
        await _notifier.PublishToAgencyAsync("receipt.routing", Encoding.UTF8.GetBytes("{\"envelopeId\":\"ffff\"}"), "r-2", "t", cancellationToken);
        await _notifier.PublishToAgencyAsync("receipt.routing", Encoding.UTF8.GetBytes("{\"envelopeId\":"), "r-3", "t", cancellationToken);
        Assert.That(_agency.Messages.Select(m => m.CorrelationId), Has.All.Null);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RejectAsync_AfterAcceptance_CarriesTheAlertsIds(CancellationToken cancellationToken)
    {
        var rejection = Broker.Gateway.Alerts.AlertRejection.Of(Broker.Gateway.Alerts.AlertRejectCode.Expired, "expired");
        await _notifier.RejectAsync(rejection, Encoding.UTF8.GetBytes("{}"), null, AlertId, deadLetter: false, cancellationToken);
        var rejected = _agency.Messages.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.CorrelationId, Is.EqualTo("case-4711"));
            Assert.That(rejected.MessageId, Does.StartWith("rejected-"));
            Assert.That(JsonNode.Parse(rejected.Body.Span)!["messageId"]!.GetValue<string>(), Is.EqualTo("m-1"));
        }
    }

    [Test]
    public void RejectionMessageId_SameMessageSameCode_SameId_OtherwiseDifferent()
    {
        var a = AgencyNotifier.RejectionMessageId("m-1", "not-json", "x"u8);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AgencyNotifier.RejectionMessageId("m-1", "not-json", "x"u8), Is.EqualTo(a));
            Assert.That(AgencyNotifier.RejectionMessageId("m-1", "not-json", "y"u8), Is.Not.EqualTo(a));
            Assert.That(AgencyNotifier.RejectionMessageId("m-2", "not-json", "x"u8), Is.Not.EqualTo(a));
            Assert.That(AgencyNotifier.RejectionMessageId(null, "not-json", "x"u8), Is.Not.EqualTo(a));
            Assert.That(a, Does.Match("^rejected-[0-9a-f]{32}$"));
        }
    }
}
