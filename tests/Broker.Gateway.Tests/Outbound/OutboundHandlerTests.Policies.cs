using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Storage;
using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>Contradictory markings refused on receipt, and dry runs answered with a sharing notice only.</summary>
public partial class OutboundHandlerTests
{
    private static readonly string[] DryRunDecisions = ["MY-PDRM:deliver-reduced", "RU-MVD:deliver"];

    public static IEnumerable<TestCaseData> ContradictoryMarkings()
    {
        yield return new TestCaseData("RED", "restricted", new JsonObject { ["broadcast"] = true }, "tlp-red-broadcast").SetName("HandleAsync_RedBroadcast_RefusedAndDeadLettered");
        yield return new TestCaseData("AMBER+STRICT", "restricted", new JsonObject { ["broadcast"] = true }, "tlp-amber-strict-broadcast")
            .SetName("HandleAsync_AmberStrictBroadcast_RefusedAndDeadLettered");
        yield return new TestCaseData("RED", "restricted", new JsonObject { ["countries"] = new JsonArray("RU") }, "tlp-red-to-country")
            .SetName("HandleAsync_RedToWholeCountry_RefusedAndDeadLettered");
        yield return new TestCaseData("RED", "secret", new JsonObject { ["agencies"] = new JsonArray("RU-MVD"), ["countries"] = new JsonArray("MY") }, "tlp-red-to-country")
            .SetName("HandleAsync_RedToAgencyAndCountry_RefusedAndDeadLettered");
        yield return new TestCaseData("CLEAR", "restricted", new JsonObject { ["agencies"] = new JsonArray("RU-MVD") }, "tlp-clear-classified")
            .SetName("HandleAsync_ClearButClassified_RefusedAndDeadLettered");
    }

    [TestCaseSource(nameof(ContradictoryMarkings))]
    [CancelAfter(10_000)]
    public async Task HandleAsync_ContradictoryMarkings_RefusedWithCodeAndDeadLetterCarryingTheReason(
        string tlp, string classification, JsonObject addressing, string code, CancellationToken cancellationToken)
    {
        var body = Marked(tlp, classification, addressing);
        var disposition = await _handler.HandleAsync(Delivery(body), cancellationToken);
        var rejected = _agency.Messages.Single(m => m.Exchange == "agency.inbound");
        var dead = _agency.Messages.Single(m => m.Exchange == "agency.dlx");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(rejected.RoutingKey, Is.EqualTo("alert.rejected"));
            Assert.That(rejected.Headers!["x-reject-code"], Is.EqualTo(code));
            Assert.That(rejected.Headers["x-reject-reason"], Does.Contain("TLP:"));
            Assert.That(dead.Headers!["x-reject-code"], Is.EqualTo(code));
            Assert.That(dead.Headers["x-reject-reason"], Is.EqualTo(rejected.Headers["x-reject-reason"]));
            Assert.That(dead.Body.ToArray(), Is.EqualTo(body));
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.Zero);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_RedToNamedAgency_Accepted(CancellationToken cancellationToken)
    {
        await _handler.HandleAsync(Delivery(Marked("RED", "secret", new JsonObject { ["agencies"] = new JsonArray("RU-MVD") })), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_agency.Messages, Is.Empty);
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_DryRun_AnswersWithTheNoticeOnlyAndStoresNothing(CancellationToken cancellationToken)
    {
        var disposition = await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb), DryRun), cancellationToken);
        var message = _agency.Messages.Single();
        var notice = JsonNode.Parse(message.Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(message.RoutingKey, Is.EqualTo("sharing.notice"));
            Assert.That(message.MessageId, Is.EqualTo("dry-run-m-1"));
            Assert.That(notice["dryRun"]!.GetValue<bool>(), Is.True);
            Assert.That(notice["outcome"]!.GetValue<string>(), Is.EqualTo("dry-run"));
            Assert.That(notice["envelopeId"], Is.Null);
            Assert.That(notice["recipients"]!.AsArray().Select(r => $"{r!["agency"]}:{r["decision"]}"), Is.EqualTo(DryRunDecisions));
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.Zero, "a dry run never enters the outbox");
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HandleAsync_DryRunOfRedBroadcast_NoticeCarriesTheRefusalWithoutDeadLetter(CancellationToken cancellationToken)
    {
        await _handler.HandleAsync(Delivery(Marked("RED", "secret", new JsonObject { ["broadcast"] = true }), DryRun), cancellationToken);
        var notice = JsonNode.Parse(_agency.Messages.Single().Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(notice["refusal"]!["code"]!.GetValue<string>(), Is.EqualTo("tlp-red-broadcast"));
            Assert.That(notice["summary"]!["sealed"]!.GetValue<int>(), Is.Zero);
            Assert.That(_agency.Messages.Where(m => m.Exchange == "agency.dlx"), Is.Empty);
        }
    }

    [TestCase("false")]
    [TestCase("yes")]
    [CancelAfter(10_000)]
    public async Task HandleAsync_DryRunHeaderNotTrue_TreatedAsARealAlert(string value, CancellationToken cancellationToken)
    {
        await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb), new Dictionary<string, object?> { ["x-dry-run"] = Encoding.UTF8.GetBytes(value) }), cancellationToken);
        Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
    }

    private static Dictionary<string, object?> DryRun => new() { ["x-dry-run"] = Encoding.UTF8.GetBytes("true") };

    private static byte[] Marked(string tlp, string classification, JsonObject addressing)
    {
        var alert = Samples.Node();
        alert["tlp"] = tlp;
        alert["classification"] = classification;
        alert["addressing"] = addressing;
        return Samples.Utf8(alert);
    }
}
