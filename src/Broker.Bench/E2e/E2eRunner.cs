using System.Diagnostics.Metrics;
using Broker.Bench.World;

namespace Broker.Bench.E2e;

/// <summary>
/// One run: the raw RabbitMQ baseline first (no service consumes its queue then), then the broker stack at full speed, then
/// paced at half the throughput it reached; every figure comes from this one run.
/// </summary>
internal static class E2eRunner
{
    public static async Task<E2eResult> RunAsync(NodeSettings settings, E2eParameters parameters, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var directory = Directory.CreateTempSubdirectory("bench-e2e-").FullName;
        try
        {
            var now = time.GetUtcNow();
            using var world = BenchRoute.CreateWorld(now);
            var files = world.WriteTrustFiles(directory, agencyKeyFiles: true);
            var alerts = new E2eAlerts(parameters.AlertPath);
            var alert = alerts.Fresh(Guid.Empty);
            output.WriteLine($"purging the run's queues; raw RabbitMQ baseline ({parameters.Count} x {alert.Length} B, publish with confirms -> quorum queue -> consume) ...");
            await E2eQueues.PurgeAsync(settings, cancellationToken);
            var raw = await RawBaseline.RunAsync(settings, parameters.Count, alert.Length, cancellationToken);

            using var seal = new HistogramMean("broker.gateway.seal.duration");
            using var outboxWait = new HistogramMean("broker.gateway.outbox.wait");
            await using var probe = await E2eProbe.StartAsync(settings, time, cancellationToken);
            await using var services = await E2eServices.StartAsync(settings, files, parameters.Concurrency, cancellationToken);
            output.WriteLine($"stack up (hub + {BenchRoute.Agencies.Count()} gateways in this process); warm-up ({parameters.Warmup} alerts) ...");
            await MeasureAsync(settings, alerts, probe, seal, outboxWait, parameters.Warmup, 0, parameters.Timeout, cancellationToken);

            output.WriteLine($"full speed: {parameters.Count} alerts {BenchRoute.Sender} -> {string.Join(", ", BenchRoute.Recipients)} ...");
            var full = await MeasureAsync(settings, alerts, probe, seal, outboxWait, parameters.Count, 0, parameters.Timeout, cancellationToken);
            var rate = full.Throughput / 2;
            output.WriteLine($"paced at {rate:0.#} alerts/s (half the full-speed throughput) ...");
            var half = await MeasureAsync(settings, alerts, probe, seal, outboxWait, parameters.Count, rate, parameters.Timeout, cancellationToken);
            return new E2eResult(alert.Length, raw, full, half);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<E2ePhase> MeasureAsync(
        NodeSettings settings, E2eAlerts alerts, E2eProbe probe, HistogramMean seal, HistogramMean outboxWait, int count, double rate, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        seal.Reset();
        outboxWait.Reset();
        var sent = await alerts.PublishAsync(settings, probe, count, rate, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (probe.Complete(sent.Keys) < count)
        {
            await Task.Delay(50, deadline.Token);
        }

        return E2ePhase.From(sent, probe, seal.MeanMilliseconds, outboxWait.MeanMilliseconds);
    }

    /// <summary>
    /// The mean of one of the gateways' own histograms (<c>broker.gateway.seal.duration</c>, <c>broker.gateway.outbox.wait</c>),
    /// read in this process; only the sending gateway seals when delivery receipts are off.
    /// </summary>
    private sealed class HistogramMean : IDisposable
    {
        private readonly MeterListener _listener = new();
        private double _sum;
        private long _count;

        public HistogramMean(string instrumentName)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == instrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
            {
                lock (_listener)
                {
                    _sum += seconds;
                    _count++;
                }
            });
            _listener.Start();
        }

        public double MeanMilliseconds
        {
            get
            {
                lock (_listener)
                {
                    return _count == 0 ? 0 : _sum / _count * 1000;
                }
            }
        }

        public void Reset()
        {
            lock (_listener)
            {
                _sum = 0;
                _count = 0;
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

internal sealed record E2eParameters(int Count, int Warmup, ushort Concurrency, TimeSpan Timeout, string AlertPath);

internal sealed record E2eResult(int AlertBytes, RawBaseline.Result Raw, E2ePhase Full, E2ePhase Half);

