using System.Text;
using System.Text.Json.Nodes;
using Broker.Protocol.Envelopes;
using Broker.Testing;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Gateway;

/// <summary>TH-ONCB's gateway against real RabbitMQ: plain alerts in, sealed envelopes out; refusals; store-and-forward.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayOutboundTests
{
    private const string Thailand = "TH-ONCB";
    private static readonly string[] MalaysiaClasses = ["operational.general", "operational.location"];

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(90_000)]
    public async Task AgencyAlert_Valid_SealedVerifiableEnvelopeOnHubIngressAsTheAgency(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: true, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        var (id, json) = AgencySystem.NewAlert();

        await system.PublishAsync(json, "m-" + id, cancellationToken);
        var message = await hub.Ingress!.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == id, Timeout * 3, $"the envelope of alert {id}", cancellationToken);
        var verified = Envelope.TryVerify(message.Body, GatewaySetUp.Network.Registry, DateTimeOffset.UtcNow, out var envelope, out var reason);
        Envelope.TryOpen(message.Body, GatewaySetUp.Network.Keys["MY-PDRM"], GatewaySetUp.Network.Registry, DateTimeOffset.UtcNow, out var malaysia, out _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified, Is.True, reason.ToString());
            Assert.That(message.UserId, Is.EqualTo(Thailand), "RabbitMQ validated user_id");
            Assert.That(message.RoutingKey, Is.EqualTo("from.TH-ONCB"));
            Assert.That(message.Type, Is.EqualTo("broker.envelope.v1"));
            Assert.That(message.Persistent, Is.True);
            Assert.That(message.MessageId, Is.EqualTo(envelope!.Header.Id.ToString()));
            Assert.That(envelope.Header.Sender.Value, Is.EqualTo(Thailand));
            Assert.That(malaysia!.DataClasses.Select(c => c.Value), Is.EqualTo(MalaysiaClasses));
            Assert.That(Encoding.UTF8.GetString(message.Body), Does.Not.Contain("Methamphetamine"), "no plaintext on the hub");
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task AgencyAlert_Invalid_RejectedToTheAgencyAndDeadLetteredWithReason(CancellationToken cancellationToken)
    {
        await using var gateway = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        await using var admin = await RabbitMqConnections.ForPassword("admin", GatewaySetUp.Sandbox.Agency(Thailand)).CreateConnectionAsync(cancellationToken);
        await using var adminChannel = await admin.CreateChannelAsync(cancellationToken: cancellationToken);
        var dead = await MessageCollector.StartAsync(adminChannel, "gateway.outbound.dead", cancellationToken: cancellationToken);
        var (id, json) = AgencySystem.NewAlert();
        var alert = JsonNode.Parse(json)!;
        alert["tlp"] = "WHITE";
        var messageId = "bad-" + id;

        await system.PublishAsync(Encoding.UTF8.GetBytes(alert.ToJsonString()), messageId, cancellationToken);
        var rejected = await system.Inbox.WaitForAsync(m => m.RoutingKey == "alert.rejected" && m.CorrelationId == messageId, Timeout * 3, $"the rejection of {messageId}", cancellationToken);
        var deadLetter = await dead.WaitForMessageIdAsync(messageId, Timeout, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.RoutingKey, Is.EqualTo("alert.rejected"));
            Assert.That(rejected.Header("x-reject-code"), Is.EqualTo("schema-violation"));
            Assert.That(rejected.Header("x-reject-reason"), Does.Contain("/tlp"));
            Assert.That(JsonNode.Parse(rejected.Body)!["alertId"]!.GetValue<string>(), Is.EqualTo(id.ToString("D")));
            Assert.That(deadLetter.Header("x-reject-code"), Is.EqualTo("schema-violation"));
            Assert.That(deadLetter.Header("x-reject-reason"), Does.Contain("/tlp"));
            Assert.That(deadLetter.Body, Is.EqualTo(Encoding.UTF8.GetBytes(alert.ToJsonString())));
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task AgencyAlert_NotJson_RejectedAndTheNextValidAlertStillFlows(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: true, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Thailand, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        var (id, json) = AgencySystem.NewAlert();

        await system.PublishAsync(Encoding.UTF8.GetBytes("<<not json>>"), "garbage-" + id, cancellationToken);
        await system.PublishAsync(json, "m-" + id, cancellationToken);
        var rejected = await system.Inbox.WaitForAsync(m => m.RoutingKey == "alert.rejected" && m.CorrelationId == "garbage-" + id, Timeout * 3, $"the rejection of garbage-{id}", cancellationToken);
        await hub.Ingress!.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == id, Timeout * 3, $"the envelope of alert {id}", cancellationToken);
        Assert.That(rejected.Header("x-reject-code"), Is.EqualTo("not-json"));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task HubBlocked_AlertsPublishedAndGatewayRestarted_AllDrainOnceTheHubIsBack(CancellationToken cancellationToken)
    {
        var sandbox = GatewaySetUp.Sandbox;
        var permissionPath = $"permissions/{RabbitMqManagement.Segment(sandbox.Hub)}/{RabbitMqManagement.Segment(Thailand)}";
        var permission = await sandbox.Management.GetAsync(permissionPath, cancellationToken)
            ?? throw new InvalidOperationException("TH-ONCB has no permission on the sandbox hub.");
        await using var hub = await HubSide.ConnectAsync(readIngress: true, cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Thailand, cancellationToken);
        var alerts = Enumerable.Range(0, 5).Select(_ => AgencySystem.NewAlert()).ToArray();
        var storePath = Path.Combine(GatewaySetUp.Network.Directory, $"outage-{Guid.NewGuid():N}.db");

        // The hub refuses this agency (as when the hub is unreachable): everything stays in the outbox.
        await sandbox.Management.DeleteAsync(permissionPath, cancellationToken);
        try
        {
            var first = await GatewayInstance.StartAsync(Thailand, storePath, cancellationToken: cancellationToken);
            foreach (var (id, json) in alerts)
            {
                await system.PublishAsync(json, "m-" + id, cancellationToken);
            }

            await Eventually.WaitForAsync(
                async ct => await sandbox.Management.MessageCountAsync(sandbox.Agency(Thailand), "gateway.outbound", ct) == 0,
                Timeout * 3, "the gateway to take every alert into its outbox", cancellationToken);
            await first.KillAsync();
            // Other tests' leftovers (e.g. delivery receipts from RU-MVD) may sit on the shared queue: look for these alerts only.
            Assert.That(hub.Ingress!.Messages.Where(m => alerts.Any(a => a.Id == HubSide.AlertIdFor(m, "RU-MVD"))), Is.Empty, "nothing reached the hub while it refused the agency");
        }
        finally
        {
            await sandbox.Management.PutAsync(permissionPath, new JsonObject
            {
                ["configure"] = permission["configure"]!.GetValue<string>(),
                ["write"] = permission["write"]!.GetValue<string>(),
                ["read"] = permission["read"]!.GetValue<string>(),
            }, CancellationToken.None);
        }

        await using var second = await GatewayInstance.StartAsync(Thailand, storePath, cancellationToken: cancellationToken);
        foreach (var (id, _) in alerts)
        {
            await hub.Ingress!.WaitForAsync(m => HubSide.AlertIdFor(m, "RU-MVD") == id, Timeout * 3, $"alert {id} after the outage", cancellationToken);
        }

        var ids = hub.Ingress!.Messages.Select(m => HubSide.AlertIdFor(m, "RU-MVD")).ToArray();
        Assert.That(ids.Where(i => alerts.Any(a => a.Id == i)).Count(), Is.EqualTo(alerts.Length), "each alert sealed and published once");
    }
}
