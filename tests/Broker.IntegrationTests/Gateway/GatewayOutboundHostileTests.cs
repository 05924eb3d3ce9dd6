using System.Text;
using System.Text.Json.Nodes;
using Broker.Hosting.Rabbit;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// Hostile-input suite of the agency system → gateway boundary over real RabbitMQ (issue 12, protocols/amqp.md §2.6–2.7):
/// malformed, oversized, deep, duplicate keys, control characters, lone surrogates, contradictory markings, missing
/// properties and a reused message id. Each gets its stable code in <c>alert.rejected</c> (own message id, the sender's
/// correlation id) and a dead letter; none is requeued, and a normal alert published after all of them reaches the hub.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayOutboundHostileTests
{
    private const string Thailand = "TH-ONCB";
    private const string Title = "\"title\":\"Methamphetamine shipment by sea towards Port Klang and Vladivostok\"";

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(180_000)]
    public async Task HostileMessages_EachRefusedWithItsCodeCorrelatedAndDeadLettered_TheNextAlertStillFlows(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: true, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        await using var raw = await RabbitMqConnections.ForPassword(AgencyNames.SystemUser(Thailand), GatewaySetUp.Sandbox.Agency(Thailand)).CreateConnectionAsync(cancellationToken);
        await using var publisher = await raw.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        await using var admin = await RabbitMqConnections.ForPassword("admin", GatewaySetUp.Sandbox.Agency(Thailand)).CreateConnectionAsync(cancellationToken);
        await using var adminChannel = await admin.CreateChannelAsync(cancellationToken: cancellationToken);
        var dead = await MessageCollector.StartAsync(adminChannel, "gateway.outbound.dead", cancellationToken: cancellationToken);

        // A first alert claims a message id; the reuse below carries other content under it.
        var (firstId, first) = AgencySystem.NewAlert();
        var reusedMessageId = "m-first-" + firstId;
        await system.PublishAsync(first, reusedMessageId, cancellationToken);
        await hub.Ingress!.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == firstId, Timeout * 3, "the first alert's envelope", cancellationToken);

        var run = Guid.NewGuid().ToString("N")[..8];
        var cases = Cases(run, reusedMessageId).ToList();
        foreach (var (name, body, code, messageId, contentType) in cases)
        {
            var properties = new BasicProperties { MessageId = messageId, ContentType = contentType, CorrelationId = $"corr-{run}-{name}", DeliveryMode = DeliveryModes.Persistent };
            await publisher.BasicPublishAsync(AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true, properties, body, cancellationToken);
        }

        // 25 copies of the poison of issue 12 item 13 (a duplicate title), each once requeued every ~30 s forever.
        var poison = Duplicated(AgencySystem.NewAlert().Json);
        for (var i = 0; i < 25; i++)
        {
            var properties = new BasicProperties { MessageId = $"poison-{run}-{i}", ContentType = "application/json", CorrelationId = $"poison-{run}", DeliveryMode = DeliveryModes.Persistent };
            await publisher.BasicPublishAsync(AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true, properties, poison, cancellationToken);
        }

        var (nextId, next) = AgencySystem.NewAlert();
        await system.PublishAsync(next, "m-next-" + nextId, cancellationToken);
        await hub.Ingress.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == nextId, Timeout * 3, "the next normal alert's envelope", cancellationToken);

        foreach (var (name, body, code, _, _) in cases)
        {
            var correlation = $"corr-{run}-{name}";
            var rejected = await system.Inbox.WaitForAsync(m => m.RoutingKey == "alert.rejected" && m.CorrelationId == correlation, Timeout * 3, $"the rejection of {name}", cancellationToken);
            var deadLetter = await dead.WaitForAsync(m => m.CorrelationId == correlation, Timeout, $"the dead letter of {name}", cancellationToken);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(rejected.Header("x-reject-code"), Is.EqualTo(code), $"{name}: {rejected.Header("x-reject-reason")}");
                Assert.That(rejected.MessageId, Does.StartWith("rejected-"), name);
                Assert.That(deadLetter.Header("x-reject-code"), Is.EqualTo(code), name);
                Assert.That(deadLetter.Body, Is.EqualTo(body), name);
                Assert.That(deadLetter.Headers.ContainsKey("x-death"), Is.False, $"{name} was refused by the gateway, not dead-lettered by the delivery limit");
            }
        }

        await system.Inbox.WaitForAsync(m => m.CorrelationId == $"poison-{run}" && m.Header("x-reject-code") == "duplicate-key", Timeout, "a poison refusal", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hub.Ingress.Messages.Count(m => HubSide.AlertIdFor(m, "RU-MVD") == firstId), Is.EqualTo(1), "the reused message id did not send a second alert");
            Assert.That(system.Inbox.Messages.Where(m => m.RoutingKey == "alert.rejected").Select(m => m.CorrelationId), Has.None.EqualTo(reusedMessageId).And.None.EqualTo("m-next-" + nextId));
        }
    }

    private static IEnumerable<(string Name, byte[] Body, string Code, string? MessageId, string? ContentType)> Cases(string run, string reusedMessageId)
    {
        string Fresh() => Encoding.UTF8.GetString(AgencySystem.NewAlert().Json);
        byte[] Titled(string escapedTitle) => Encoding.UTF8.GetBytes(Fresh().Replace(Title, $"\"title\":\"{escapedTitle}\"", StringComparison.Ordinal));
        var json = "application/json";
        yield return ("malformed", Encoding.UTF8.GetBytes("{\"schemaVersion\": 1, \"id\": "), "not-json", $"h-{run}-1", json);
        yield return ("truncated", Encoding.UTF8.GetBytes(Fresh()[..^1]), "not-json", $"h-{run}-2", json);
        yield return ("oversized", Encoding.UTF8.GetBytes(Fresh() + new string(' ', 256 * 1024)), "body-too-large", $"h-{run}-3", json);
        yield return ("deep", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "nesting-too-deep", $"h-{run}-4", json);
        yield return ("duplicate-keys", Duplicated(Encoding.UTF8.GetBytes(Fresh())), "duplicate-key", $"h-{run}-5", json);
        yield return ("control-character", Titled("bell \\u0007 shipment"), "control-character", $"h-{run}-6", json);
        yield return ("lone-surrogate", Titled("\\ud800 shipment"), "invalid-unicode", $"h-{run}-7", json);
        var red = JsonNode.Parse(Fresh())!;
        red["tlp"] = "RED";
        red["addressing"] = new JsonObject { ["broadcast"] = true };
        yield return ("contradictory-markings", Encoding.UTF8.GetBytes(red.ToJsonString()), "tlp-red-broadcast", $"h-{run}-8", json);
        yield return ("reused-message-id", Encoding.UTF8.GetBytes(Fresh()), "message-id-reused", reusedMessageId, json);
        yield return ("no-content-type", Encoding.UTF8.GetBytes(Fresh()), "unsupported-content-type", $"h-{run}-9", null);
        yield return ("no-message-id", Encoding.UTF8.GetBytes(Fresh()), "missing-message-id", null, json);
    }

    private static byte[] Duplicated(byte[] alert) =>
        Encoding.UTF8.GetBytes("{\"title\":\"a second title\"," + Encoding.UTF8.GetString(alert).TrimStart()[1..]);
}
