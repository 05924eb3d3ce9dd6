using System.Collections.Concurrent;
using System.Diagnostics;
using Broker.Bench.World;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Bench.Hub;

/// <summary>
/// Reads the three recipients' delivery queues (and drains the sender's receipts) as those agencies over mTLS, and
/// notes when the last permitted copy of each expected envelope has arrived.
/// </summary>
internal sealed class DeliveryCounter : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _completed = new(StringComparer.Ordinal);
    private readonly List<IConnection> _connections = [];
    private HashSet<string> _expected = [];
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<DeliveryCounter> StartAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        var counter = new DeliveryCounter();
        foreach (var agency in BenchRoute.Agencies)
        {
            var connection = await NodeSettings.ConnectAsync(settings.Agency(agency), cancellationToken);
            counter._connections.Add(connection);
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueuePurgeAsync("deliver." + agency, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, args) =>
            {
                if (args.BasicProperties.Type == "broker.envelope.v1" && args.BasicProperties.MessageId is { } id)
                {
                    counter.OnCopy(id);
                }

                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync("deliver." + agency, autoAck: true, consumer, cancellationToken);
        }

        return counter;
    }

    /// <summary>Starts a new measurement: only these ids count; the returned task completes when each has all its copies.</summary>
    public Task Expect(IEnumerable<string> ids)
    {
        _copies.Clear();
        _completed.Clear();
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _expected, ids.ToHashSet(StringComparer.Ordinal));
        return _all.Task;
    }

    /// <summary>Stopwatch timestamp at which the envelope's last copy arrived.</summary>
    public long CompletedAt(string id) => _completed[id];

    private void OnCopy(string id)
    {
        var expected = Volatile.Read(ref _expected);
        if (!expected.Contains(id) || _copies.AddOrUpdate(id, 1, static (_, n) => n + 1) != BenchRoute.Recipients.Count)
        {
            return;
        }

        _completed[id] = Stopwatch.GetTimestamp();
        if (_completed.Count == expected.Count)
        {
            _all.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
