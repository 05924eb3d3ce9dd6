using System.Text.Json.Nodes;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;
using Broker.Testing;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Gateway;

/// <summary>RU-MVD's gateway against real RabbitMQ: envelopes from its delivery queue become plain alerts on agency.inbox, once each.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayInboundTests
{
    private const string Russia = "RU-MVD";

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(90_000)]
    public async Task Delivery_EnvelopeForThisAgency_PlainAlertOnTheAgencyInbox(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: false, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Russia, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Russia, cancellationToken);
        var (alertId, id, envelope) = SealFromThailand();

        await hub.DeliverAsync(Russia, envelope, id.ToString(), cancellationToken);
        var delivered = await system.Inbox.WaitForMessageIdAsync(id.ToString(), Timeout * 3, cancellationToken);
        var json = JsonNode.Parse(delivered.Body)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered.RoutingKey, Is.EqualTo("alert.delivered"));
            Assert.That(json["alert"]!["id"]!.GetValue<string>(), Is.EqualTo(alertId.ToString("D")));
            Assert.That(json["broker"]!["sender"]!.GetValue<string>(), Is.EqualTo("TH-ONCB"));
            Assert.That(json["broker"]!["verification"]!["result"]!.GetValue<string>(), Is.EqualTo("verified"));
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Delivery_SameEnvelopeTwice_PublishedToTheAgencyOnce(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: false, cancellationToken);
        await using var gateway = await GatewayInstance.StartAsync(Russia, cancellationToken: cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Russia, cancellationToken);
        var (_, id, envelope) = SealFromThailand();
        var (_, sentinelId, sentinel) = SealFromThailand();

        await hub.DeliverAsync(Russia, envelope, id.ToString(), cancellationToken);
        await hub.DeliverAsync(Russia, envelope, id.ToString(), cancellationToken);
        await system.Inbox.WaitForMessageIdAsync(id.ToString(), Timeout * 3, cancellationToken);
        await hub.DeliverAsync(Russia, sentinel, sentinelId.ToString(), cancellationToken);
        await system.Inbox.WaitForMessageIdAsync(sentinelId.ToString(), Timeout * 3, cancellationToken);
        await WaitForEmptyDeliveryQueueAsync(cancellationToken);

        Assert.That(system.Inbox.Messages.Count(m => m.MessageId == id.ToString()), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Delivery_GatewayKilledMidStream_EachAlertReachesTheAgencyExactlyOnceAfterRestart(CancellationToken cancellationToken)
    {
        await using var hub = await HubSide.ConnectAsync(readIngress: false, cancellationToken);
        await using var system = await AgencySystem.ConnectAsync(Russia, cancellationToken);
        var envelopes = Enumerable.Range(0, 30).Select(_ => SealFromThailand()).ToArray();
        var storePath = Path.Combine(GatewaySetUp.Network.Directory, $"crash-{Guid.NewGuid():N}.db");

        var first = await GatewayInstance.StartAsync(Russia, storePath, cancellationToken: cancellationToken);
        foreach (var (_, id, envelope) in envelopes)
        {
            await hub.DeliverAsync(Russia, envelope, id.ToString(), cancellationToken);
        }

        // Kill as soon as deliveries are flowing: some are published, some in flight, some not yet received.
        await Eventually.WaitForAsync(() => system.Inbox.Messages.Count >= 3, Timeout * 3, "the first deliveries", cancellationToken);
        await first.KillAsync();
        await using var second = await GatewayInstance.StartAsync(Russia, storePath, cancellationToken: cancellationToken);

        foreach (var (_, id, _) in envelopes)
        {
            await system.Inbox.WaitForMessageIdAsync(id.ToString(), Timeout * 3, cancellationToken);
        }

        await WaitForEmptyDeliveryQueueAsync(cancellationToken);

        // Exactly one unflagged copy of each alert. A second copy can only come from a publish whose confirm was cut off by
        // the kill; it carries the same message id and x-possible-duplicate, so the agency system drops it by id.
        var copies = envelopes.Select(e => system.Inbox.Messages.Where(m => m.MessageId == e.Id.ToString()).ToArray()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copies.Select(c => c.Count(m => m.Header("x-possible-duplicate") is null)), Is.All.EqualTo(1));
            Assert.That(copies.SelectMany(c => c.Skip(1)).Select(m => m.Header("x-possible-duplicate")), Is.All.EqualTo("true"));
        }
    }

    private static async Task WaitForEmptyDeliveryQueueAsync(CancellationToken cancellationToken)
    {
        var sandbox = GatewaySetUp.Sandbox;
        await Eventually.WaitForAsync(
            async ct => await sandbox.Management.MessageCountAsync(sandbox.Hub, "deliver." + Russia, ct) == 0,
            Timeout * 3, "the delivery queue to drain", cancellationToken);
    }

    private static (Guid AlertId, EnvelopeId Id, byte[] Envelope) SealFromThailand()
    {
        var (alertId, json) = AgencySystem.NewAlert();
        var network = GatewaySetUp.Network;
        var id = EnvelopeId.New();
        var now = DateTimeOffset.UtcNow;
        var request = new SealRequest
        {
            Id = id,
            Created = now,
            Expires = now.AddDays(1),
            Category = Category.DrugTrafficking,
            Priority = Priority.Urgent, // the sample's markings: a recipient refuses a view whose markings differ from the signed header
            Tlp = Tlp.Amber,
            Handling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent,
            Views = [new ViewContent([], json)],
            Recipients = [new RecipientSpec(AgencyId.Parse(Russia), 0, network.Keys[Russia].Encryption.PublicKey)],
        };
        return (alertId, id, Envelope.Seal(request, network.Keys["TH-ONCB"]));
    }
}
