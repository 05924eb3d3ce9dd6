using System.Text.Json.Nodes;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Gateway;

/// <summary>TH-ONCB → hub (routing core) → RU-MVD + MY-PDRM over the real node, each gateway with its own store and keys.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayEndToEndTests
{
    private static readonly string[] Delivered = ["RU-MVD", "MY-PDRM"];
    private static readonly string[] Withheld = ["SG-CNB"];

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(180_000)]
    public async Task Alert_ThailandToRussiaAndMalaysia_EachGetsItsViewAndTheSenderAReceipt(CancellationToken cancellationToken)
    {
        await using var core = await HubCoreInstance.StartAsync(["TH-ONCB<->RU-MVD", "TH-ONCB->MY-PDRM"], cancellationToken);
        await using var thailand = await GatewayInstance.StartAsync("TH-ONCB", cancellationToken: cancellationToken);
        await using var russia = await GatewayInstance.StartAsync("RU-MVD", cancellationToken: cancellationToken);
        await using var malaysia = await GatewayInstance.StartAsync("MY-PDRM", cancellationToken: cancellationToken);
        await using var thSystem = await AgencySystem.ConnectAsync("TH-ONCB", cancellationToken);
        await using var ruSystem = await AgencySystem.ConnectAsync("RU-MVD", cancellationToken);
        await using var mySystem = await AgencySystem.ConnectAsync("MY-PDRM", cancellationToken);
        var (id, json) = AgencySystem.NewAlert(addressing: new JsonObject { ["agencies"] = new JsonArray("RU-MVD", "MY-PDRM", "SG-CNB") });

        await thSystem.PublishAsync(json, "m-" + id, cancellationToken);
        bool IsOurs(ReceivedMessage m) => m.RoutingKey == "alert.delivered" && JsonNode.Parse(m.Body)?["alert"]?["id"]?.GetValue<string>() == id.ToString("D");
        var ru = JsonNode.Parse((await ruSystem.Inbox.WaitForAsync(IsOurs, Timeout * 4, "the alert at RU-MVD", cancellationToken)).Body)!;
        var my = JsonNode.Parse((await mySystem.Inbox.WaitForAsync(IsOurs, Timeout * 4, "the alert at MY-PDRM", cancellationToken)).Body)!;
        var receipt = JsonNode.Parse((await thSystem.Inbox.WaitForAsync(
            m => m.RoutingKey == "receipt.routing" && JsonNode.Parse(m.Body)?["alertId"]?.GetValue<string>() == id.ToString("D"),
            Timeout * 4, "the routing receipt at TH-ONCB", cancellationToken)).Body)!;

        // RU-MVD's gateway answers with a signed delivery receipt, routed back by the hub (the hub's policies permit RU -> TH).
        var delivery = JsonNode.Parse((await thSystem.Inbox.WaitForAsync(
            m => m.RoutingKey == "receipt.delivery" && JsonNode.Parse(m.Body)?["receipt"]?["envelopeId"]?.GetValue<string>() == ru["broker"]!["envelopeId"]!.GetValue<string>(),
            Timeout * 4, "RU-MVD's delivery receipt at TH-ONCB", cancellationToken)).Body)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivery["broker"]!["sender"]!.GetValue<string>(), Is.EqualTo("RU-MVD"));
            Assert.That(delivery["broker"]!["kind"]!.GetValue<string>(), Is.EqualTo("DeliveryReceipt"));
            Assert.That(delivery["receipt"]!["recipient"]!.GetValue<string>(), Is.EqualTo("RU-MVD"));
            Assert.That(ru["alert"]!["entities"]!["persons"]![0]!["familyName"]!.GetValue<string>(), Is.EqualTo("Example"), "RU receives every class");
            Assert.That(ru["broker"]!["withheldDataClasses"]!.AsArray(), Is.Empty);
            Assert.That(my["alert"]!["entities"]!.AsObject().ContainsKey("persons"), Is.False, "MY receives no personal data");
            Assert.That(my["broker"]!["withheldDataClasses"]!.AsArray().Select(n => n!.GetValue<string>()), Does.Contain("personal.identity"));
            Assert.That(my["broker"]!["sender"]!.GetValue<string>(), Is.EqualTo("TH-ONCB"));
            Assert.That(receipt["outcome"]!.GetValue<string>(), Is.EqualTo("routed"));
            Assert.That(receipt["deliveredTo"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EquivalentTo(Delivered));
            Assert.That(receipt["withheld"]!.AsArray().Select(n => n!["agency"]!.GetValue<string>()), Is.EqualTo(Withheld));
        }
    }
}
