using Broker.Testing.RabbitMq;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using static Broker.IntegrationTests.Topology.Agencies;

namespace Broker.IntegrationTests.Topology;

/// <summary>Dead letters on the hub: the delivery limit of <c>hub.ingress</c> and the core's explicit rejections.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class DeadLetterTests
{
    private static string Hub => TopologySetUp.Sandbox.Hub;

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [Test]
    [CancelAfter(60_000)]
    public async Task Ingress_MessageReturnedBeyondDeliveryLimit_EndsInDeadLettersWithXDeath(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        await using (var gateway = await RabbitMqConnections.ForCertificate(Thailand, Hub).CreateConnectionAsync(cancellationToken))
        await using (var channel = await gateway.CreateChannelAsync(Confirmed, cancellationToken))
        {
            await channel.BasicPublishAsync("hub.ingress", $"from.{Thailand}", mandatory: true, Envelope(id, Thailand), Body(id), cancellationToken);
        }

        // A core that keeps failing: every delivery of the message is returned to the queue.
        await using var core = await RabbitMqConnections.ForPassword("hub-core", Hub).CreateConnectionAsync(cancellationToken);
        await using var coreChannel = await core.CreateChannelAsync(cancellationToken: cancellationToken);
        var attempts = 0;
        var consumer = new AsyncEventingBasicConsumer(coreChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            if (delivery.BasicProperties.MessageId == id)
            {
                Interlocked.Increment(ref attempts);
                await coreChannel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, delivery.CancellationToken);
            }
            else
            {
                await coreChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, delivery.CancellationToken);
            }
        };
        await coreChannel.BasicQosAsync(0, 10, false, cancellationToken);
        await coreChannel.BasicConsumeAsync($"hub.ingress.{Thailand}", autoAck: false, consumer, cancellationToken);

        await using var admin = await RabbitMqConnections.ForPassword("admin", Hub).CreateConnectionAsync(cancellationToken);
        await using var adminChannel = await admin.CreateChannelAsync(cancellationToken: cancellationToken);
        var deadLetters = await MessageCollector.StartAsync(adminChannel, "hub.dead-letters", cancellationToken: cancellationToken);
        var dead = await deadLetters.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Volatile.Read(ref attempts), Is.GreaterThanOrEqualTo(5), "x-delivery-limit is 5");
            Assert.That(dead.Headers.ContainsKey("x-death"), Is.True, "broker-generated dead letters carry x-death");
            Assert.That(XDeathReason(dead), Is.EqualTo("delivery_limit"));
            Assert.That(dead.UserId, Is.EqualTo(Thailand));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task HubCore_RejectsToDeadLetterExchange_ArrivesWithReasonHeaders(CancellationToken cancellationToken)
    {
        var id = NewMessageId();
        var properties = Envelope(id, "hub-core");
        properties.Headers = new Dictionary<string, object?>
        {
            ["x-reject-code"] = "signature-invalid",
            ["x-reject-reason"] = "signature does not verify",
            ["x-rejected-by"] = "hub-core",
        };
        await using (var core = await RabbitMqConnections.ForPassword("hub-core", Hub).CreateConnectionAsync(cancellationToken))
        await using (var channel = await core.CreateChannelAsync(Confirmed, cancellationToken))
        {
            await channel.BasicPublishAsync("hub.dlx", "rejected.signature-invalid", mandatory: true, properties, Body(id), cancellationToken);
        }

        await using var admin = await RabbitMqConnections.ForPassword("admin", Hub).CreateConnectionAsync(cancellationToken);
        await using var adminChannel = await admin.CreateChannelAsync(cancellationToken: cancellationToken);
        var deadLetters = await MessageCollector.StartAsync(adminChannel, "hub.dead-letters", cancellationToken: cancellationToken);
        var dead = await deadLetters.WaitForMessageIdAsync(id, Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dead.RoutingKey, Is.EqualTo("rejected.signature-invalid"));
            Assert.That(dead.Header("x-reject-code"), Is.EqualTo("signature-invalid"));
            Assert.That(dead.Header("x-reject-reason"), Is.EqualTo("signature does not verify"));
            Assert.That(dead.Header("x-rejected-by"), Is.EqualTo("hub-core"));
        }
    }

    private static string? XDeathReason(ReceivedMessage message) =>
        message.Headers.TryGetValue("x-death", out var value) && value is IEnumerable<object?> deaths
            && deaths.FirstOrDefault() is IDictionary<string, object?> first && first.TryGetValue("reason", out var reason)
            ? ReceivedMessage.AsText(reason)
            : null;
}
