using Broker.Bench.World;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Bench.Hub;

/// <summary>
/// The baseline: only the unavoidable work of a hub. Consume the sender's hub.ingress.ID, verify the composite signature, publish the
/// same bytes to the three recipients with confirms, ack. No user-id check, envelope id claim, policy, stripping, decision or receipt.
/// </summary>
internal sealed class BareRelay : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _consume;
    private readonly IChannel _publish;

    private BareRelay(IConnection connection, IChannel consume, IChannel publish)
    {
        _connection = connection;
        _consume = consume;
        _publish = publish;
    }

    public static async Task<BareRelay> StartAsync(NodeSettings settings, TrustRegistry registry, TimeProvider time, ushort concurrency, ushort prefetch, CancellationToken cancellationToken)
    {
        var connection = await NodeSettings.ConnectAsync(settings.HubCore("bench-relay"), cancellationToken);
        var consume = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: concurrency), cancellationToken);
        var publish = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        await consume.BasicQosAsync(0, prefetch, false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(consume);
        consumer.ReceivedAsync += async (_, args) =>
        {
            if (Envelope.TryVerify(args.Body, registry, time.GetUtcNow(), out var verified, out var reason) && verified is not null && reason == Broker.Protocol.RejectReason.None)
            {
                var properties = new BasicProperties
                {
                    ContentType = args.BasicProperties.ContentType,
                    Type = args.BasicProperties.Type,
                    MessageId = args.BasicProperties.MessageId,
                    UserId = "hub-core",
                    DeliveryMode = DeliveryModes.Persistent,
                };
                await Task.WhenAll(BenchRoute.Recipients.Select(r =>
                    publish.BasicPublishAsync("hub.delivery", r, true, properties, args.Body, CancellationToken.None).AsTask()));
            }

            await consume.BasicAckAsync(args.DeliveryTag, false, CancellationToken.None);
        };
        await consume.BasicConsumeAsync("hub.ingress." + BenchRoute.Sender, autoAck: false, consumer, cancellationToken);
        return new BareRelay(connection, consume, publish);
    }

    public async ValueTask DisposeAsync()
    {
        await _consume.DisposeAsync();
        await _publish.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
