namespace Broker.Bench.Protocol;

/// <summary>Cost of one underlying primitive as measured in the same run, in microseconds per call.</summary>
internal sealed record PrimitiveCost(string Name, double MicrosecondsPerOp);

/// <summary>
/// One envelope operation at one alert size and recipient count: throughput, the time of its primitives run back to back
/// (measured in alternating rounds with the operation), and the median per-round ratio of the two (1.0 means no overhead;
/// below 1.0 means parallel work beat the sequential sum). Strip does no cryptography and has no primitive sum.
/// </summary>
internal sealed record EnvelopeCost(string Operation, int PayloadBytes, int Recipients, double OpsPerSecond, double MicrosecondsPerOp, double? PrimitiveSumMicroseconds, double? Ratio);

/// <summary>What to measure and for how long; <see cref="Quick"/> finishes in a few seconds, <see cref="Default"/> is steadier.</summary>
internal sealed record BenchmarkOptions(TimeSpan PerMeasurement, IReadOnlyList<int> PayloadSizes, IReadOnlyList<int> RecipientCounts)
{
    public static BenchmarkOptions Default { get; } = new(TimeSpan.FromMilliseconds(700), [1024, 16 * 1024], [1, 5, 20]);

    public static BenchmarkOptions Quick { get; } = Default with { PerMeasurement = TimeSpan.FromMilliseconds(50) };
}

/// <summary>The whole report of one run.</summary>
internal sealed record BenchmarkReport(IReadOnlyList<PrimitiveCost> Primitives, IReadOnlyList<EnvelopeCost> Envelopes, int ProcessorCount);
