using System.Diagnostics;

namespace Broker.Cli.BenchHub;

/// <summary>One envelope size: the bare relay at full speed, the hub at full speed, then the hub paced at half its maximum.</summary>
internal sealed class BenchRun(BenchSettings settings, BenchWorld world, string directory, BenchParameters parameters, TextWriter output)
{
    public async Task<SizeResult> RunAsync(int plaintextBytes, DeliveryCounter counter, IngressPublisher publisher, CancellationToken cancellationToken)
    {
        var envelopes = Seal(plaintextBytes, parameters.Count * 3 + parameters.Warmup * 3);
        var batches = envelopes.Chunk(parameters.Warmup + parameters.Count).ToList();
        var bytes = envelopes[0].Body.Length;

        output.WriteLine($"[{plaintextBytes} B alert, {bytes} B envelope] bare relay ...");
        Phase relay;
        await using (await BareRelay.StartAsync(settings, world.Registry, TimeProvider.System, parameters.Concurrency, parameters.Prefetch, cancellationToken))
        {
            relay = await MeasureAsync(batches[0], 0, counter, publisher, cancellationToken);
        }

        output.WriteLine($"[{plaintextBytes} B alert] hub at full speed ...");
        var host = await HubRunner.StartAsync(settings, directory, parameters.Concurrency, parameters.Prefetch, cancellationToken);
        try
        {
            var full = await MeasureAsync(batches[1], 0, counter, publisher, cancellationToken);
            output.WriteLine($"[{plaintextBytes} B alert] hub paced at {full.Throughput / 2:0} envelopes/s ...");
            var half = await MeasureAsync(batches[2], full.Throughput / 2, counter, publisher, cancellationToken);
            return new SizeResult(plaintextBytes, bytes, relay, full, half);
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

internal sealed record BenchParameters(int Count, int Warmup, ushort Concurrency, ushort Prefetch, TimeSpan Timeout);

/// <summary>Throughput in envelopes/s (each with 3 copies delivered); latency from publish start to the last copy in its queue.</summary>
internal sealed record Phase(double Throughput, double P50Ms, double P99Ms, double OfferedRate);

internal sealed record SizeResult(int PlaintextBytes, int EnvelopeBytes, Phase Relay, Phase Hub, Phase HubAtHalf)
{
    public double Ratio => Hub.Throughput / Relay.Throughput;
}
