using System.Diagnostics;
using System.Text;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client.Exceptions;
using static Broker.IntegrationTests.Topology.Agencies;

namespace Broker.IntegrationTests.Topology;

/// <summary>An agency's premises vhost: its system publishes alerts for the gateway and reads its inbox, nothing else.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class AgencyVirtualHostTests
{
    private const string SystemUser = Thailand + ".system";
    private const string GatewayUser = Thailand + ".gateway";

    private static string Vhost => TopologySetUp.Sandbox.Agency(Thailand);

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(30_000)]
    public async Task SystemUser_PublishesAlert_ReachesGatewayOutbound(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        await using (var system = await RabbitMqConnections.ForPassword(SystemUser, Vhost).CreateConnectionAsync(cancellationToken))
        await using (var channel = await system.CreateChannelAsync(Confirmed, cancellationToken))
        {
            await channel.BasicPublishAsync("agency.outbound", "alert", mandatory: true, Alert(id), Body(id), cancellationToken);
        }

        var received = await ConsumeAsGatewayAsync(id, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.ContentType, Is.EqualTo("application/json"));
            Assert.That(received.RoutingKey, Is.EqualTo("alert"));
            Assert.That(received.Body, Is.EqualTo(Body(id)));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AmqpTools_SystemUserPublishesAlert_ReachesGatewayOutbound(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        var env = RabbitMqEnvironment.Current;
        var url = $"amqp://{Uri.EscapeDataString(SystemUser)}:{Uri.EscapeDataString(env.PasswordFor(SystemUser))}@127.0.0.1:{env.AmqpPort}/{Uri.EscapeDataString(Vhost)}";
        var start = new ProcessStartInfo("amqp-publish")
        {
            ArgumentList = { "-u", url, "-e", "agency.outbound", "-r", "alert", "-p", "-C", "application/json", "-H", $"message-id: {id}", "-b", Encoding.UTF8.GetString(Body(id)) },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("amqp-publish did not start (deploy/install-deps.sh installs amqp-tools).");
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.That(process.ExitCode, Is.Zero, errors);

        await using var gateway = await RabbitMqConnections.ForPassword(GatewayUser, Vhost).CreateConnectionAsync(cancellationToken);
        await using var channel = await gateway.CreateChannelAsync(cancellationToken: cancellationToken);
        var outbound = await MessageCollector.StartAsync(channel, "gateway.outbound", cancellationToken: cancellationToken);
        var received = await outbound.WaitForAsync(m => m.Header("message-id") == id, Timeout, $"amqp-publish message {id}", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Body, Is.EqualTo(Body(id)));
            Assert.That(received.ContentType, Is.EqualTo("application/json"));
            Assert.That(received.Persistent, Is.True);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task GatewayUser_PublishesDeliveredAlert_SystemReadsItFromInbox(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        await using (var gateway = await RabbitMqConnections.ForPassword(GatewayUser, Vhost).CreateConnectionAsync(cancellationToken))
        await using (var channel = await gateway.CreateChannelAsync(Confirmed, cancellationToken))
        {
            await channel.BasicPublishAsync("agency.inbound", "alert.delivered", mandatory: true, Alert(id), Body(id), cancellationToken);
        }

        await using var system = await RabbitMqConnections.ForPassword(SystemUser, Vhost).CreateConnectionAsync(cancellationToken);
        await using var systemChannel = await system.CreateChannelAsync(cancellationToken: cancellationToken);
        var inbox = await MessageCollector.StartAsync(systemChannel, "agency.inbox", cancellationToken: cancellationToken);
        var received = await inbox.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        Assert.That(received.RoutingKey, Is.EqualTo("alert.delivered"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task GatewayUser_DeadLettersRefusedAlert_KeepsRejectHeaders(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        var properties = Alert(id);
        properties.Headers = new Dictionary<string, object?> { ["x-reject-code"] = "schema-invalid", ["x-reject-reason"] = "missing field tlp" };
        await using (var gateway = await RabbitMqConnections.ForPassword(GatewayUser, Vhost).CreateConnectionAsync(cancellationToken))
        await using (var channel = await gateway.CreateChannelAsync(Confirmed, cancellationToken))
        {
            await channel.BasicPublishAsync("agency.dlx", string.Empty, mandatory: true, properties, Body(id), cancellationToken);
        }

        await using var admin = await RabbitMqConnections.ForPassword("admin", Vhost).CreateConnectionAsync(cancellationToken);
        await using var adminChannel = await admin.CreateChannelAsync(cancellationToken: cancellationToken);
        var dead = await MessageCollector.StartAsync(adminChannel, "gateway.outbound.dead", cancellationToken: cancellationToken);
        var received = await dead.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        Assert.That(received.Header("x-reject-code"), Is.EqualTo("schema-invalid"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SystemUser_PublishesUnknownRoutingKeyMandatory_ReturnedNoRoute(CancellationToken cancellationToken)
    {
        await using var system = await RabbitMqConnections.ForPassword(SystemUser, Vhost).CreateConnectionAsync(cancellationToken);
        await using var channel = await system.CreateChannelAsync(Confirmed, cancellationToken);
        var id = NewMessageId();

        var returned = Assert.ThrowsAsync<PublishReturnException>(async () =>
            await channel.BasicPublishAsync("agency.outbound", "alerts", mandatory: true, Alert(id), Body(id), cancellationToken));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(returned.ReplyCode, Is.EqualTo(312));
            Assert.That(channel.IsOpen, Is.True, "an unroutable message is returned, not a channel error");
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SystemUser_ConsumesGatewayOutbound_AccessRefused(CancellationToken cancellationToken)
    {
        await using var system = await RabbitMqConnections.ForPassword(SystemUser, Vhost).CreateConnectionAsync(cancellationToken);
        await using var channel = await system.CreateChannelAsync(cancellationToken: cancellationToken);

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            () => MessageCollector.StartAsync(channel, "gateway.outbound", cancellationToken: cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SystemUser_PublishesToInbound_AccessRefused(CancellationToken cancellationToken)
    {
        await using var system = await RabbitMqConnections.ForPassword(SystemUser, Vhost).CreateConnectionAsync(cancellationToken);
        await using var channel = await system.CreateChannelAsync(Confirmed, cancellationToken);
        var id = NewMessageId();

        var reason = await AmqpRefusals.ChannelClosedByAsync(channel,
            async () => await channel.BasicPublishAsync("agency.inbound", "alert.delivered", mandatory: true, Alert(id), Body(id), cancellationToken),
            Timeout, cancellationToken);

        Assert.That(reason.ReplyCode, Is.EqualTo(AmqpRefusals.AccessRefused), reason.ReplyText);
    }

    private static async Task<ReceivedMessage> ConsumeAsGatewayAsync(string id, CancellationToken cancellationToken)
    {
        await using var gateway = await RabbitMqConnections.ForPassword(GatewayUser, Vhost).CreateConnectionAsync(cancellationToken);
        await using var channel = await gateway.CreateChannelAsync(cancellationToken: cancellationToken);
        var outbound = await MessageCollector.StartAsync(channel, "gateway.outbound", cancellationToken: cancellationToken);
        return await outbound.WaitForMessageIdAsync(id, Timeout, cancellationToken);
    }
}
