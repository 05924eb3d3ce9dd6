using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Storage;
using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>
/// The agency system → gateway boundary as a hostile agency system would test it (protocols/amqp.md §2.6–2.7): each
/// message is refused at once with its stable code, the refusal (own message id, the sender's correlation id) and a dead
/// letter of the original are published, a line is logged, the message is acked (never requeued), and the next normal
/// alert is accepted at once.
/// </summary>
public partial class OutboundHandlerTests
{
    private const string Title = "\"title\": \"Methamphetamine shipment by sea towards Port Klang and Vladivostok\"";

    public static IEnumerable<TestCaseData> HostileMessages()
    {
        var sample = Encoding.UTF8.GetString(Samples.Bytes(Samples.ThOncb));
        yield return Hostile("Malformed", Encoding.UTF8.GetBytes("{\"schemaVersion\": 1, \"id\": "), "not-json");
        yield return Hostile("TruncatedObject", Encoding.UTF8.GetBytes(sample.TrimEnd()[..^1]), "not-json");
        yield return Hostile("Oversized", Encoding.UTF8.GetBytes(sample + new string(' ', 256 * 1024)), "body-too-large");
        yield return Hostile("Deep", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "nesting-too-deep");
        yield return Hostile("DuplicateTitle", Encoding.UTF8.GetBytes("{\"title\": \"second\"," + sample.TrimStart()[1..]), "duplicate-key");
        yield return Hostile("LoneSurrogateTitle", Encoding.UTF8.GetBytes(sample.Replace(Title, "\"title\": \"\\ud800 shipment\"", StringComparison.Ordinal)), "invalid-unicode");
        yield return Hostile("ControlCharacter", Encoding.UTF8.GetBytes(sample.Replace(Title, "\"title\": \"bell \\u0007 shipment\"", StringComparison.Ordinal)), "control-character");
        yield return Hostile("ContradictoryMarkings", Marked("RED", "restricted", new JsonObject { ["broadcast"] = true }), "tlp-red-broadcast");
        yield return Hostile("NoContentType", Encoding.UTF8.GetBytes(sample), "unsupported-content-type", contentType: null);
        yield return Hostile("XmlContentType", Encoding.UTF8.GetBytes(sample), "unsupported-content-type", contentType: "application/xml");
        yield return Hostile("NoMessageId", Encoding.UTF8.GetBytes(sample), "missing-message-id", messageId: null);
        yield return Hostile("MessageIdWithNewline", Encoding.UTF8.GetBytes(sample), "invalid-message-id", messageId: "m-1\nforged log line");
    }

    [TestCaseSource(nameof(HostileMessages))]
    [CancelAfter(20_000)]
    public async Task HandleAsync_HostileMessage_RefusedWithCodeCorrelatedDeadLetteredLoggedAndTheNextAlertAccepted(
        byte[] body, string code, string? messageId, string? contentType, CancellationToken cancellationToken)
    {
        var disposition = await _handler.HandleAsync(Delivery(body, messageId: messageId, correlationId: "case-4711", contentType: contentType), cancellationToken);
        await AssertRefusedAsync(disposition, body, code, cancellationToken);
        await AssertNextAlertAcceptedAsync(cancellationToken);
    }

    // protocols/amqp.md §2.1: a repeated message_id is a duplicate; with other content it is refused, and the first alert stands.
    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_MessageIdReusedWithOtherContent_RefusedAndTheFirstAlertStands(CancellationToken cancellationToken)
    {
        var first = Samples.Bytes(Samples.ThOncb);
        var second = Fresh("A different alert under the same message id");
        Assert.That(await _handler.HandleAsync(Delivery(first, messageId: "m-reused"), cancellationToken), Is.EqualTo(DeliveryDisposition.Ack));
        var disposition = await _handler.HandleAsync(Delivery(second, messageId: "m-reused", correlationId: "case-4711"), cancellationToken);
        await AssertRefusedAsync(disposition, second, "message-id-reused", cancellationToken, outboxBefore: 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _store.FindOutboxAsync(Guid.Parse("6f1c2a9e-4b7d-4c1e-9a53-2d8e0f7b1a01"), cancellationToken))!.AlertJson, Is.EqualTo(first));
            Assert.That(_log.Entries.Count(e => e.EventName == "AlertAccepted"), Is.EqualTo(1));
        }

        await AssertNextAlertAcceptedAsync(cancellationToken, outboxBefore: 1);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_SameMessageIdSameBytes_DuplicateAckedNothingPublished(CancellationToken cancellationToken)
    {
        var body = Samples.Bytes(Samples.ThOncb);
        await _handler.HandleAsync(Delivery(body, messageId: "m-retry"), cancellationToken);
        var again = await _handler.HandleAsync(Delivery(body, messageId: "m-retry"), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Is.Empty);
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_AlertIdReusedWithOtherContent_Refused(CancellationToken cancellationToken)
    {
        var first = Samples.Bytes(Samples.ThOncb);
        var node = Samples.Node();
        node["title"] = "Same alert id, other content";
        var second = Samples.Utf8(node);
        await _handler.HandleAsync(Delivery(first, messageId: "m-a"), cancellationToken);
        var disposition = await _handler.HandleAsync(Delivery(second, messageId: "m-b"), cancellationToken);
        await AssertRefusedAsync(disposition, second, "alert-id-reused", cancellationToken, outboxBefore: 1, correlation: "m-b");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_MessageIdInHeader_AcceptedAsTheMessageId(CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, object?> { ["message-id"] = Encoding.UTF8.GetBytes("from-header") };
        var disposition = await _handler.HandleAsync(Delivery(Samples.Bytes(Samples.ThOncb), headers, messageId: null, contentType: "Application/JSON; charset=utf-8"), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Is.Empty);
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
        }
    }

    private async Task AssertRefusedAsync(DeliveryDisposition disposition, byte[] body, string code, CancellationToken cancellationToken, int outboxBefore = 0, string correlation = "case-4711")
    {
        var rejected = _agency.Messages.Where(m => m.Exchange == "agency.inbound").ToList();
        var dead = _agency.Messages.Where(m => m.Exchange == "agency.dlx").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack), "acked, never requeued");
            Assert.That(rejected, Has.Count.EqualTo(1));
            Assert.That(dead, Has.Count.EqualTo(1));
            Assert.That(rejected[0].RoutingKey, Is.EqualTo("alert.rejected"));
            Assert.That(rejected[0].Headers!["x-reject-code"], Is.EqualTo(code), rejected[0].Headers!["x-reject-reason"]);
            Assert.That(rejected[0].CorrelationId, Is.EqualTo(correlation));
            Assert.That(rejected[0].MessageId, Does.StartWith("rejected-").And.Not.EqualTo("m-1").And.Not.EqualTo("m-reused"));
            Assert.That(JsonNode.Parse(rejected[0].Body.Span)!["code"]!.GetValue<string>(), Is.EqualTo(code));
            Assert.That(dead[0].Headers!["x-reject-code"], Is.EqualTo(code));
            Assert.That(dead[0].Body.ToArray(), Is.EqualTo(body));
            Assert.That(_log.Entries.Where(e => e.EventName == "AlertRejected").Select(e => e.Message), Has.One.Contains(code));
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(outboxBefore));
        }
    }

    private async Task AssertNextAlertAcceptedAsync(CancellationToken cancellationToken, int outboxBefore = 0)
    {
        var published = _agency.Messages.Count;
        var next = await _handler.HandleAsync(Delivery(Fresh("The next normal alert"), messageId: "m-next"), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(next, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Has.Count.EqualTo(published), "nothing refused");
            Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(outboxBefore + 1));
        }
    }

    private static byte[] Fresh(string title)
    {
        var node = Samples.Node();
        node["id"] = Guid.NewGuid().ToString("D");
        node["title"] = title;
        return Samples.Utf8(node);
    }

    private static TestCaseData Hostile(string name, byte[] body, string code, string? messageId = "m-1", string? contentType = "application/json") =>
        new TestCaseData(body, code, messageId, contentType).SetName($"HandleAsync_Hostile{name}_RefusedWith_{code}_AndNothingElseDisturbed");
}
