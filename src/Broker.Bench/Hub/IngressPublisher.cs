using System.Diagnostics;
using Broker.Bench.World;
using RabbitMQ.Client;

namespace Broker.Bench.Hub;

/// <summary>Publishes pre-sealed envelopes to hub.ingress as the sender's gateway does (mTLS, user_id, confirms), optionally paced.</summary>
internal sealed class IngressPublisher : IAsyncDisposable
{
    private const int MaxOutstanding = 256;
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private IngressPublisher(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<IngressPublisher> StartAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        var connection = await NodeSettings.ConnectAsync(settings.Agency(BenchRoute.Sender), cancellationToken);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        return new IngressPublisher(connection, channel);
    }

    /// <summary>Publishes every envelope; returns the Stopwatch timestamp at which each publish started. <paramref name="rate"/> per second, 0 = as fast as confirms allow.</summary>
    public async Task<Dictionary<string, long>> PublishAsync(IReadOnlyList<(string Id, byte[] Body)> envelopes, double rate, CancellationToken cancellationToken)
    {
        var started = new Dictionary<string, long>(envelopes.Count, StringComparer.Ordinal);
        var inFlight = new List<Task>(MaxOutstanding);
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(origin);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            var (id, body) = envelopes[i];
            started[id] = Stopwatch.GetTimestamp();
            var properties = new BasicProperties
            {
                ContentType = "application/vnd.broker.envelope+cbor",
                Type = "broker.envelope.v1",
                MessageId = id,
                UserId = BenchRoute.Sender,
                DeliveryMode = DeliveryModes.Persistent,
            };
            inFlight.Add(_channel.BasicPublishAsync("hub.ingress", "from." + BenchRoute.Sender, true, properties, body, cancellationToken).AsTask());
            if (inFlight.Count >= MaxOutstanding)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
