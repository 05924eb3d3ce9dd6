using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Broker.Bench.Hub;
using Broker.Bench.World;
using Broker.Protocol.Envelopes;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Bench.Fairness;

/// <summary>
/// One fairness run on a running node: the real hub, then <c>probes</c> alerts from <see cref="Probe"/> one after another with
/// nothing else going on (the baseline), then the same probes while <see cref="Sender"/> publishes a burst as fast as confirms
/// allow, until the burst is drained. Burst and probes go to different recipients, so only the hub is shared.
/// </summary>
internal sealed class FairnessRun(NodeSettings settings, int burst, int probes, TextWriter progress)
{
    public const string Sender = "TH-ONCB";
    public const string Probe = "RU-MVD";
    private const string BurstRecipient = "MY-PDRM";
    private const string ProbeRecipient = "SG-CNB";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private int _burstDelivered;

    public async Task<FairnessResult> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bench-fairness-").FullName;
        var connections = new List<IConnection>();
        try
        {
            using var world = BenchRoute.CreateWorld(TimeProvider.System.GetUtcNow());
            var files = world.WriteTrustFiles(directory);
            await PurgeAndWatchAsync(connections, cancellationToken);
            var sender = await OpenAsync(connections, Sender, cancellationToken);
            var probe = await OpenAsync(connections, Probe, cancellationToken);
            using var hub = await HubRunner.StartAsync(settings, files, concurrency: 32, prefetch: 32, audit: true, cancellationToken);
            try
            {
                progress.WriteLine("fairness: warm-up and baseline...");
                await ProbeAsync(world, probe, 10, null, cancellationToken);
                var baseline = await ProbeAsync(world, probe, probes, null, cancellationToken);

                progress.WriteLine($"fairness: sealing a burst of {burst}...");
                var now = TimeProvider.System.GetUtcNow();
                var envelopes = Enumerable.Range(0, burst)
                    .Select(_ => Envelope.Seal(world.Alert([BurstRecipient], RandomNumberGenerator.GetBytes(1024), now), world[Sender])).ToList();
                progress.WriteLine("fairness: burst and probes...");
                Volatile.Write(ref _burstDelivered, 0);
                var started = Stopwatch.GetTimestamp();
                var publishing = PublishBurstAsync(sender, envelopes, cancellationToken);
                var during = await ProbeAsync(world, probe, int.MaxValue, () => Volatile.Read(ref _burstDelivered) >= burst, cancellationToken);
                await publishing;
                var drained = Stopwatch.GetElapsedTime(started).TotalSeconds;
                return new FairnessResult(burst, baseline, during, drained);
            }
            finally
            {
                await hub.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Probes one at a time, each waiting for its delivery; stops after <paramref name="count"/> or once <paramref name="until"/> holds (at least one).</summary>
    private async Task<List<double>> ProbeAsync(Broker.Bench.World.BenchWorld world, IChannel channel, int count, Func<bool>? until, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        while (latencies.Count < count && (until is null || latencies.Count == 0 || !until()))
        {
            var alert = world.Alert([ProbeRecipient], RandomNumberGenerator.GetBytes(1024), TimeProvider.System.GetUtcNow());
            var body = Envelope.Seal(alert, world[Probe]);
            var id = alert.Id.ToString();
            var delivered = _waiting.GetOrAdd(id, static _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
            var started = Stopwatch.GetTimestamp();
            await PublishAsync(channel, Probe, id, body, cancellationToken);
            var at = await delivered.Task.WaitAsync(ProbeTimeout, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
        }

        return latencies;
    }

    private static async Task PublishBurstAsync(IChannel channel, List<byte[]> envelopes, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>(256);
        foreach (var body in envelopes)
        {
            Envelope.TryReadHeader(body, out var header, out _);
            inFlight.Add(PublishAsync(channel, Sender, header!.Id.ToString(), body, cancellationToken));
            if (inFlight.Count == 256)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
    }

    private static Task PublishAsync(IChannel channel, string agency, string id, byte[] body, CancellationToken cancellationToken) =>
        channel.BasicPublishAsync("hub.ingress", "from." + agency, true, new BasicProperties
        {
            ContentType = "application/vnd.broker.envelope+cbor",
            Type = "broker.envelope.v1",
            MessageId = id,
            UserId = agency,
            DeliveryMode = DeliveryModes.Persistent,
        }, body, cancellationToken).AsTask();

    private async Task<IChannel> OpenAsync(List<IConnection> connections, string agency, CancellationToken cancellationToken)
    {
        var connection = await NodeSettings.ConnectAsync(settings.Agency(agency), cancellationToken);
        connections.Add(connection);
        return await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
    }

    /// <summary>Empties the four agencies' ingress and delivery queues, then reads every delivery queue (receipts are dropped).</summary>
    private async Task PurgeAndWatchAsync(List<IConnection> connections, CancellationToken cancellationToken)
    {
        var core = await NodeSettings.ConnectAsync(settings.HubCore("bench-fairness-purge"), cancellationToken);
        connections.Add(core);
        await using (var purge = await core.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            foreach (var agency in BenchRoute.Agencies)
            {
                await purge.QueuePurgeAsync("hub.ingress." + agency, cancellationToken);
            }
        }

        foreach (var agency in BenchRoute.Agencies)
        {
            var connection = await NodeSettings.ConnectAsync(settings.Agency(agency), cancellationToken);
            connections.Add(connection);
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueuePurgeAsync("deliver." + agency, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, args) =>
            {
                OnDelivery(agency, args.BasicProperties);
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync("deliver." + agency, autoAck: true, consumer, cancellationToken);
        }
    }

    private void OnDelivery(string agency, IReadOnlyBasicProperties properties)
    {
        if (properties.Type != "broker.envelope.v1" || properties.MessageId is not { } id)
        {
            return;
        }

        if (agency == BurstRecipient)
        {
            Interlocked.Increment(ref _burstDelivered);
        }
        else if (agency == ProbeRecipient && _waiting.TryRemove(id, out var waiting))
        {
            waiting.TrySetResult(Stopwatch.GetTimestamp());
        }
    }
}
