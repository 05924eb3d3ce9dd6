using Broker.Bench.Timing;

namespace Broker.Bench.Hub;

/// <summary>What one hub run measures; <c>Audit: false</c> (--no-audit) runs the hub with the audit append skipped.</summary>
internal sealed record BenchParameters(int Count, int Warmup, int Rounds, ushort Concurrency, ushort Prefetch, TimeSpan Timeout, bool Audit = true);

/// <summary>Throughput in envelopes/s (each with 3 copies delivered); latency from publish start to the last copy in its queue.</summary>
internal sealed record Phase(double Throughput, double P50Ms, double P99Ms, double OfferedRate)
{
    /// <summary>The phase of median throughput (the upper one of an even count).</summary>
    public static Phase Median(IEnumerable<Phase> phases)
    {
        var sorted = phases.OrderBy(p => p.Throughput).ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>Per size: each round's relay and hub phases (medians reported), then the hub and the relay paced at half the hub's rate.</summary>
internal sealed record SizeResult(int PlaintextBytes, int EnvelopeBytes, IReadOnlyList<(Phase Relay, Phase Hub)> Rounds, Phase HubAtHalf, Phase RelayAtHalf)
{
    public Phase Relay => Phase.Median(Rounds.Select(r => r.Relay));

    public Phase Hub => Phase.Median(Rounds.Select(r => r.Hub));

    /// <summary>Median of the per-round ratios (each round's hub and relay ran back to back).</summary>
    public double Ratio => Statistics.Median(Rounds.Select(r => r.Hub.Throughput / r.Relay.Throughput));
}
