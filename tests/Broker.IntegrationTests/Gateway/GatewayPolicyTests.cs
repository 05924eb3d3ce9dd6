using System.Text.Json.Nodes;
using Broker.Testing;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// The gateway enforcing the signed sharing policies over the real node: reduced views for a country without a personal-data
/// agreement (through the real hub), contradictory markings refused and dead-lettered, dry runs, and a policy change picked
/// up while the gateway runs.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayPolicyTests
{
    private const string Thailand = "TH-ONCB";
    private static readonly string[] OperationalOnly = ["operational.general", "operational.location"];

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(90_000)]
    public async Task Alert_PersonalDataToCountryWithoutAgreement_ArrivesWithoutThePersonalViewAndTheSenderIsToldWhy(CancellationToken cancellationToken)
    {
        await using var core = await HubCoreInstance.StartAsync(["TH-ONCB<->MY-PDRM"], cancellationToken);
        await using var thailand = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var malaysia = await GatewayInstance.StartAsync("MY-PDRM", cancellationToken: cancellationToken);
        await using var thSystem = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        await using var mySystem = await AgencySystem.ConnectAsync("MY-PDRM", cancellationToken);
        var (id, json) = AgencySystem.NewAlert(addressing: new JsonObject { ["agencies"] = new JsonArray("MY-PDRM") });

        await thSystem.PublishAsync(json, "m-" + id, cancellationToken);
        var notice = JsonNode.Parse((await thSystem.Inbox.WaitForMessageIdAsync($"notice-{id:D}", Timeout * 3, cancellationToken)).Body)!;
        var delivered = JsonNode.Parse((await mySystem.Inbox.WaitForAsync(
            m => m.RoutingKey == "alert.delivered" && JsonNode.Parse(m.Body)?["alert"]?["id"]?.GetValue<string>() == id.ToString("D"),
            Timeout * 4, "the alert at MY-PDRM", cancellationToken)).Body)!;
        var my = notice["recipients"]!.AsArray().Single(r => r!["agency"]!.GetValue<string>() == "MY-PDRM")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered["alert"]!["entities"]!.AsObject().ContainsKey("persons"), Is.False, "no personal data without an agreement");
            Assert.That(delivered["alert"]!["entities"]!.AsObject().ContainsKey("documents"), Is.False);
            Assert.That(delivered["broker"]!["dataClasses"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(OperationalOnly));
            Assert.That(my["decision"]!.GetValue<string>(), Is.EqualTo("deliver-reduced"));
            Assert.That(my["withheldDataClasses"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain("personal.identity"));
            Assert.That(my["rules"]!.AsArray().Select(r => r!.GetValue<string>()), Does.Contain("TH v1 outbound rule 'out-asean'"));
            Assert.That(notice["envelopeId"]!.GetValue<string>(), Is.EqualTo(delivered["broker"]!["envelopeId"]!.GetValue<string>()));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Alert_RedBroadcast_RefusedToTheAgencyAndDeadLetteredWithTheReason(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: true, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        await using var admin = await RabbitMqConnections.ForPassword("admin", GatewaySetUp.Sandbox.Agency(Thailand)).CreateConnectionAsync(cancellationToken);
        await using var adminChannel = await admin.CreateChannelAsync(cancellationToken: cancellationToken);
        var dead = await MessageCollector.StartAsync(adminChannel, "gateway.outbound.dead", cancellationToken: cancellationToken);
        var (id, json) = AgencySystem.NewAlert(addressing: new JsonObject { ["broadcast"] = true });
        var alert = JsonNode.Parse(json)!;
        alert["tlp"] = "RED";
        var messageId = "red-" + id;

        await system.PublishAsync(System.Text.Encoding.UTF8.GetBytes(alert.ToJsonString()), messageId, cancellationToken);
        var rejected = await system.Inbox.WaitForAsync(m => m.RoutingKey == "alert.rejected" && m.CorrelationId == messageId, Timeout * 3, $"the rejection of {messageId}", cancellationToken);
        var deadLetter = await dead.WaitForMessageIdAsync(messageId, Timeout, cancellationToken);

        // A valid alert published afterwards reaches the hub; the refused one never did.
        var (nextId, next) = AgencySystem.NewAlert();
        await system.PublishAsync(next, "m-" + nextId, cancellationToken);
        await hub.Ingress!.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == nextId, Timeout * 3, "the next alert on the hub", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.RoutingKey, Is.EqualTo("alert.rejected"));
            Assert.That(rejected.Header("x-reject-code"), Is.EqualTo("tlp-red-broadcast"));
            Assert.That(deadLetter.Header("x-reject-code"), Is.EqualTo("tlp-red-broadcast"));
            Assert.That(deadLetter.Header("x-reject-reason"), Does.Contain("TLP:RED"));
            Assert.That(hub.Ingress.Messages.Where(m => HubSide.AlertIdFor(m, "RU-MVD") == id), Is.Empty);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Alert_DryRun_AnsweredWithTheNoticeAndNothingIsSent(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: true, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        var (id, json) = AgencySystem.NewAlert();

        await system.PublishAsync(json, "dry-" + id, DryRun, cancellationToken);
        var notice = JsonNode.Parse((await system.Inbox.WaitForMessageIdAsync($"dry-run-dry-{id}", Timeout * 3, cancellationToken)).Body)!;

        // The same alert id sent for real afterwards is accepted (the dry run left no outbox entry) and is the only envelope.
        await system.PublishAsync(json, "m-" + id, cancellationToken);
        await hub.Ingress!.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == id, Timeout * 3, "the real alert on the hub", cancellationToken);
        await system.Inbox.WaitForMessageIdAsync($"notice-{id:D}", Timeout * 3, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(notice["dryRun"]!.GetValue<bool>(), Is.True);
            Assert.That(notice["envelopeId"], Is.Null);
            Assert.That(notice["summary"]!["sealed"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(hub.Ingress.Messages.Count(m => HubSide.AlertIdFor(m, "RU-MVD") == id), Is.EqualTo(1), "only the real alert was sealed");
            Assert.That(system.Inbox.Messages.Where(m => m.RoutingKey == "alert.rejected" && m.CorrelationId == "m-" + id), Is.Empty);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Policies_NewSignedVersionWhileRunning_TakesEffectAndAnUnsignedOneIsIgnored(CancellationToken cancellationToken)
    {
        var network = GatewaySetUp.Network;
        var folder = Path.Combine(network.Directory, $"policies-{Guid.NewGuid():N}");
        TestPolicyFiles.WriteFolder(folder, [TestPolicyFiles.Thailand(1, withAsean: false), TestPolicyFiles.Open("RU"), TestPolicyFiles.Open("MY")]);
        await using var gateway = await GatewayInstance.StartAsync(Thailand, policyDirectory: folder, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);

        var before = await DecisionForMalaysiaAsync(system, cancellationToken);
        TestPolicyFiles.Write(folder, TestPolicyFiles.Thailand(3, withAsean: true), sign: false);
        TestPolicyFiles.Write(folder, TestPolicyFiles.Thailand(2, withAsean: true));
        JsonNode? after = null;
        await Eventually.WaitForAsync(
            async ct => (after = await DecisionForMalaysiaAsync(system, ct))["decision"]!.GetValue<string>() == "deliver-reduced",
            Timeout * 3, "TH v2 to take effect", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(before["decision"]!.GetValue<string>(), Is.EqualTo("denied"));
            Assert.That(before["reason"]!.GetValue<string>(), Is.EqualTo("no-matching-rule"));
            Assert.That(after!["policies"]!.AsArray().Select(p => $"{p!["country"]} v{p["version"]}"), Does.Contain("TH v2"), "the unsigned v3 was refused");
        }
    }

    private static Dictionary<string, object?> DryRun => new() { ["x-dry-run"] = "true" };

    /// <summary>Asks the gateway for a dry run of an alert to MY-PDRM and returns the notice's decision for it.</summary>
    private static async Task<JsonNode> DecisionForMalaysiaAsync(AgencySystem system, CancellationToken cancellationToken)
    {
        var (id, json) = AgencySystem.NewAlert(addressing: new JsonObject { ["agencies"] = new JsonArray("MY-PDRM") });
        await system.PublishAsync(json, "probe-" + id, DryRun, cancellationToken);
        var notice = JsonNode.Parse((await system.Inbox.WaitForMessageIdAsync($"dry-run-probe-{id}", Timeout * 3, cancellationToken)).Body)!;
        return notice["recipients"]!.AsArray().Single()!;
    }
}
