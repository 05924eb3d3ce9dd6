using System.Globalization;
using Broker.Bench.Timing;

namespace Broker.Bench.Fairness;

/// <summary>
/// What <c>broker-bench fairness</c> measured: the probe agency's alert latencies (publish to delivery, ms) without and during
/// another agency's burst, in the same run, and how long the burst took to drain. Computes and prints; decides nothing.
/// </summary>
internal sealed record FairnessResult(int Burst, IReadOnlyList<double> BaselineMs, IReadOnlyList<double> DuringBurstMs, double BurstDrainSeconds)
{
    public double BaselineP50 => Percentile(BaselineMs, 0.5);
    public double BaselineMax => BaselineMs.Count == 0 ? double.NaN : BaselineMs.Max();
    public double BurstP50 => Percentile(DuringBurstMs, 0.5);
    public double BurstP95 => Percentile(DuringBurstMs, 0.95);
    public double BurstMax => DuringBurstMs.Count == 0 ? double.NaN : DuringBurstMs.Max();

    /// <summary>Median latency during the burst over the median without it (1 = the burst costs the other agency nothing).</summary>
    public double MedianRatio => BurstP50 / BaselineP50;

    /// <summary>The worst latency during the burst over the median without it.</summary>
    public double WorstRatio => BurstMax / BaselineP50;

    public void Write(TextWriter output, string sender, string probe)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"broker-bench fairness: {probe}'s alert latency (publish to delivery) without and during a burst of {Burst} envelopes from {sender}, one hub, {Environment.ProcessorCount} cores"));
        output.WriteLine("phase            | probes | p50 ms  p95 ms  max ms");
        output.WriteLine(string.Create(c, $"no burst         | {BaselineMs.Count,6} | {BaselineP50,6:0.0}  {Percentile(BaselineMs, 0.95),6:0.0}  {BaselineMax,6:0.0}"));
        output.WriteLine(string.Create(c, $"during the burst | {DuringBurstMs.Count,6} | {BurstP50,6:0.0}  {BurstP95,6:0.0}  {BurstMax,6:0.0}"));
        output.WriteLine(string.Create(c, $"ratio during/without: median {MedianRatio:0.00}, worst {WorstRatio:0.00}; the burst drained in {BurstDrainSeconds:0.0} s ({Burst / BurstDrainSeconds:0} env/s)"));
        output.WriteLine("Each sender has its own ingress queue and prefetch window at the hub (protocols/amqp.md §3.5): a burst waits in its sender's queue.");
    }

    private static double Percentile(IReadOnlyList<double> values, double p) => Statistics.Percentile([.. values.Order()], p);
}
