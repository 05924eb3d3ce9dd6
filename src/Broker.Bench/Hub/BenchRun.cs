using System.Diagnostics;
using System.Security.Cryptography;
using Broker.Bench.Timing;
using Broker.Bench.World;
using Broker.Protocol.Envelopes;

namespace Broker.Bench.Hub;

/// <summary>
/// One envelope size: the bare relay and the hub at full speed, round after round, then the hub paced at half its maximum
/// and the relay at that same rate.
/// </summary>
internal sealed class BenchRun(NodeSettings settings, BenchWorld world, TrustFiles files, BenchParameters parameters, TextWriter output)
{
    public async Task<SizeResult> RunAsync(int plaintextBytes, DeliveryCounter counter, IngressPublisher publisher, CancellationToken cancellationToken)
    {
        var perPhase = parameters.Warmup + parameters.Count;
        var envelopes = Seal(plaintextBytes, perPhase * (parameters.Rounds * 2 + 2));
        var batches = new Queue<(string Id, byte[] Body)[]>(envelopes.Chunk(perPhase));
        var bytes = envelopes[0].Body.Length;

        // Relay and hub alternate, round after round, so that load from other processes hits both alike.
        var rounds = new List<(Phase Relay, Phase Hub)>();
        for (var round = 1; round <= parameters.Rounds; round++)
        {
            output.WriteLine($"[{plaintextBytes} B alert, {bytes} B envelope] round {round}: bare relay, then hub ...");
            Phase relay;
            await using (await BareRelay.StartAsync(settings, world.Registry, TimeProvider.System, parameters.Concurrency, parameters.Prefetch, cancellationToken))
            {
                relay = await MeasureAsync(batches.Dequeue(), 0, counter, publisher, cancellationToken);
            }

            var hub = await WithHubAsync(() => MeasureAsync(batches.Dequeue(), 0, counter, publisher, cancellationToken), cancellationToken);
            rounds.Add((relay, hub));
        }

        var best = Phase.Median(rounds.Select(r => r.Hub));
        output.WriteLine($"[{plaintextBytes} B alert] hub paced at {best.Throughput / 2:0} envelopes/s ...");
        var half = await WithHubAsync(() => MeasureAsync(batches.Dequeue(), best.Throughput / 2, counter, publisher, cancellationToken), cancellationToken);

        // The same paced load through the bare relay: what the node and this machine add to the tail on their own.
        Phase relayHalf;
        await using (await BareRelay.StartAsync(settings, world.Registry, TimeProvider.System, parameters.Concurrency, parameters.Prefetch, cancellationToken))
        {
            relayHalf = await MeasureAsync(batches.Dequeue(), best.Throughput / 2, counter, publisher, cancellationToken);
        }

        return new SizeResult(plaintextBytes, bytes, rounds, half, relayHalf);
    }

    private async Task<Phase> WithHubAsync(Func<Task<Phase>> measure, CancellationToken cancellationToken)
    {
        var host = await HubRunner.StartAsync(settings, files, parameters.Concurrency, parameters.Prefetch, parameters.Audit, cancellationToken);
        try
        {
            return await measure();
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private List<(string Id, byte[] Body)> Seal(int plaintextBytes, int count)
    {
        // Sealed as late as possible, since the hub refuses stale envelopes: created now, valid for a day.
        var now = TimeProvider.System.GetUtcNow();
        return Enumerable.Range(0, count).AsParallel().AsOrdered().Select(_ =>
        {
            var alert = world.Alert(BenchRoute.Recipients, RandomNumberGenerator.GetBytes(plaintextBytes), now);
            return (alert.Id.ToString(), Envelope.Seal(alert, world[BenchRoute.Sender]));
        }).ToList();
    }

    private async Task<Phase> MeasureAsync((string Id, byte[] Body)[] batch, double rate, DeliveryCounter counter, IngressPublisher publisher, CancellationToken cancellationToken)
    {
        var warmup = batch[..parameters.Warmup];
        var measured = batch[parameters.Warmup..];
        var warm = counter.Expect(warmup.Select(e => e.Id));
        await publisher.PublishAsync(warmup, 0, cancellationToken);
        await warm.WaitAsync(parameters.Timeout, cancellationToken);

        var done = counter.Expect(measured.Select(e => e.Id));
        var started = await publisher.PublishAsync(measured, rate, cancellationToken);
        await done.WaitAsync(parameters.Timeout, cancellationToken);

        var first = started.Values.Min();
        var last = measured.Max(e => counter.CompletedAt(e.Id));
        var latencies = measured.Select(e => Stopwatch.GetElapsedTime(started[e.Id], counter.CompletedAt(e.Id)).TotalMilliseconds).Order().ToArray();
        return new Phase(measured.Length / Stopwatch.GetElapsedTime(first, last).TotalSeconds, Statistics.Percentile(latencies, 0.50), Statistics.Percentile(latencies, 0.99), rate);
    }
}
