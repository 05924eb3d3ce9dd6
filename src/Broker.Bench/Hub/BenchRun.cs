using System.Diagnostics;

namespace Broker.Bench.Hub;

/// <summary>
/// One envelope size: the bare relay and the hub at full speed, round after round, then the hub paced at half its maximum
/// and the relay at that same rate.
/// </summary>
internal sealed class BenchRun(BenchSettings settings, BenchWorld world, string directory, BenchParameters parameters, TextWriter output)
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

        var best = rounds.Select(r => r.Hub).OrderBy(p => p.Throughput).ElementAt(rounds.Count / 2);
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
        var host = await HubRunner.StartAsync(settings, directory, parameters.Concurrency, parameters.Prefetch, parameters.Audit, cancellationToken);
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
        var now = TimeProvider.System.GetUtcNow();
        return Enumerable.Range(0, count).AsParallel().AsOrdered().Select(_ => world.Seal(plaintextBytes, now)).ToList();
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
        return new Phase(measured.Length / Stopwatch.GetElapsedTime(first, last).TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), rate);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal sealed record BenchParameters(int Count, int Warmup, int Rounds, ushort Concurrency, ushort Prefetch, TimeSpan Timeout, bool Audit = true);

/// <summary>Throughput in envelopes/s (each with 3 copies delivered); latency from publish start to the last copy in its queue.</summary>
internal sealed record Phase(double Throughput, double P50Ms, double P99Ms, double OfferedRate);

/// <summary>Per size: each round's relay and hub phases (medians reported), then the hub and the relay paced at half the hub's rate.</summary>
internal sealed record SizeResult(int PlaintextBytes, int EnvelopeBytes, IReadOnlyList<(Phase Relay, Phase Hub)> Rounds, Phase HubAtHalf, Phase RelayAtHalf)
{
    public Phase Relay => Median(Rounds.Select(r => r.Relay));
    public Phase Hub => Median(Rounds.Select(r => r.Hub));

    /// <summary>Median of the per-round ratios (each round's hub and relay ran back to back).</summary>
    public double Ratio => Rounds.Select(r => r.Hub.Throughput / r.Relay.Throughput).Order().ElementAt(Rounds.Count / 2);

    private static Phase Median(IEnumerable<Phase> phases)
    {
        var sorted = phases.OrderBy(p => p.Throughput).ToList();
        return sorted[sorted.Count / 2];
    }
}
