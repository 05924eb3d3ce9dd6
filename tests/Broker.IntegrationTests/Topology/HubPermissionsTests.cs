using Broker.Testing.RabbitMq;
using static Broker.IntegrationTests.Topology.Agencies;

namespace Broker.IntegrationTests.Topology;

/// <summary>What each hub user may and may not do, on a copy of the real <c>hub</c> vhost.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class HubPermissionsTests
{
    private static string Hub => TopologySetUp.Sandbox.Hub;

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(60_000)]
    public async Task AgencyUser_PublishesOwnRoutingKeyOverMutualTls_ConfirmedAndReachesIngressAndArchive(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        await using (var gateway = await RabbitMqConnections.ForCertificate(Thailand, Hub).CreateConnectionAsync(cancellationToken))
        await using (var channel = await gateway.CreateChannelAsync(Confirmed, cancellationToken))
        {
            // Mandatory + confirms: returns without exception only if routed and confirmed.
            await channel.BasicPublishAsync("hub.ingress", $"from.{Thailand}", mandatory: true, Envelope(id, Thailand), Body(id), cancellationToken);
        }

        await using var core = await RabbitMqConnections.ForPassword("hub-core", Hub).CreateConnectionAsync(cancellationToken);
        await using var coreChannel = await core.CreateChannelAsync(cancellationToken: cancellationToken);
        var ingress = await MessageCollector.StartAsync(coreChannel, $"hub.ingress.{Thailand}", cancellationToken: cancellationToken);
        var routed = await ingress.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        await using var auditor = await RabbitMqConnections.ForPassword("auditor", Hub).CreateConnectionAsync(cancellationToken);
        await using var auditorChannel = await auditor.CreateChannelAsync(cancellationToken: cancellationToken);
        var archive = await MessageCollector.StartAsync(auditorChannel, "hub.ingress.archive", new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, cancellationToken);
        var archived = await archive.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(routed.UserId, Is.EqualTo(Thailand));
            Assert.That(routed.RoutingKey, Is.EqualTo($"from.{Thailand}"));
            Assert.That(routed.Type, Is.EqualTo("broker.envelope.v1"));
            Assert.That(routed.Persistent, Is.True);
            Assert.That(routed.Body, Is.EqualTo(Body(id)));
            Assert.That(archived.Body, Is.EqualTo(Body(id)));
            Assert.That(archived.UserId, Is.EqualTo(Thailand));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AgencyUser_PublishesAnotherAgencysRoutingKey_AccessRefused(CancellationToken cancellationToken)
    {
        await using var gateway = await RabbitMqConnections.ForCertificate(Thailand, Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await gateway.CreateChannelAsync(Confirmed, cancellationToken);
        var id = NewMessageId();

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            async () => await channel.BasicPublishAsync("hub.ingress", $"from.{Russia}", mandatory: true, Envelope(id, Thailand), Body(id), cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AgencyUser_PublishesWithAnotherAgencysUserId_PreconditionFailed(CancellationToken cancellationToken)
    {
        await using var gateway = await RabbitMqConnections.ForCertificate(Thailand, Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await gateway.CreateChannelAsync(Confirmed, cancellationToken);
        var id = NewMessageId();

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            async () => await channel.BasicPublishAsync("hub.ingress", $"from.{Thailand}", mandatory: true, Envelope(id, Russia), Body(id), cancellationToken),
            Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.PreconditionFailed), reason.ReplyText);
            Assert.That(reason.ReplyText, Does.Contain("user_id"));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AgencyUser_ConsumesAnotherAgencysDeliveryQueue_AccessRefused(CancellationToken cancellationToken)
    {
        await using var gateway = await RabbitMqConnections.ForCertificate(Russia, Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await gateway.CreateChannelAsync(cancellationToken: cancellationToken);

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            () => MessageCollector.StartAsync(channel, $"deliver.{Thailand}", cancellationToken: cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task HubCore_PublishesToDelivery_OnlyThatAgencyReceivesIt(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        await using (var core = await RabbitMqConnections.ForPassword("hub-core", Hub).CreateConnectionAsync(cancellationToken))
        await using (var channel = await core.CreateChannelAsync(Confirmed, cancellationToken))
        {
            await channel.BasicPublishAsync("hub.delivery", Thailand, mandatory: true, Envelope(id, "hub-core", "broker.receipt.v1"), Body(id), cancellationToken);
        }

        await using var gateway = await RabbitMqConnections.ForCertificate(Thailand, Hub).CreateConnectionAsync(cancellationToken);
        await using var gatewayChannel = await gateway.CreateChannelAsync(cancellationToken: cancellationToken);
        var delivery = await MessageCollector.StartAsync(gatewayChannel, $"deliver.{Thailand}", cancellationToken: cancellationToken);
        var received = await delivery.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.UserId, Is.EqualTo("hub-core"));
            Assert.That(received.Type, Is.EqualTo("broker.receipt.v1"));
            Assert.That(await TopologySetUp.Sandbox.Management.MessageCountAsync(Hub, $"deliver.{Russia}", cancellationToken), Is.Zero);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task HubCore_PublishesToIngress_AccessRefused(CancellationToken cancellationToken)
    {
        await using var core = await RabbitMqConnections.ForPassword("hub-core", Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await core.CreateChannelAsync(Confirmed, cancellationToken);
        var id = NewMessageId();

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            async () => await channel.BasicPublishAsync("hub.ingress", $"from.{Thailand}", mandatory: true, Envelope(id, "hub-core"), Body(id), cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AgencyUser_DeclaresQueue_AccessRefused(CancellationToken cancellationToken)
    {
        await using var gateway = await RabbitMqConnections.ForCertificate(Thailand, Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await gateway.CreateChannelAsync(cancellationToken: cancellationToken);

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            () => channel.QueueDeclareAsync($"deliver.{Thailand}.copy", durable: false, exclusive: false, autoDelete: true, cancellationToken: cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Auditor_PublishesToIngress_AccessRefused(CancellationToken cancellationToken)
    {
        await using var auditor = await RabbitMqConnections.ForPassword("auditor", Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await auditor.CreateChannelAsync(Confirmed, cancellationToken);
        var id = NewMessageId();

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            async () => await channel.BasicPublishAsync("hub.ingress", $"from.{Thailand}", mandatory: true, Envelope(id, "auditor"), Body(id), cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Auditor_ConsumesIngressQueue_AccessRefused(CancellationToken cancellationToken)
    {
        await using var auditor = await RabbitMqConnections.ForPassword("auditor", Hub).CreateConnectionAsync(cancellationToken);
        await using var channel = await auditor.CreateChannelAsync(cancellationToken: cancellationToken);

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            () => MessageCollector.StartAsync(channel, $"hub.ingress.{Thailand}", cancellationToken: cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }
}
