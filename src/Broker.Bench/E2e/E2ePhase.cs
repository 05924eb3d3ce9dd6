using Broker.Bench.Timing;

namespace Broker.Bench.E2e;

/// <summary>
/// One measured phase: throughput (alerts with every recipient's copy delivered, per second), latency from the agency
/// system's publish to the last recipient's inbox, and the mean time of each stage over every delivered copy.
/// </summary>
internal sealed record E2ePhase(int Count, double Throughput, double P50, double P99, IReadOnlyList<(string Stage, double MeanMs)> Stages, int CopiesTimed)
{
    public static readonly string[] StageNames =
    [
        "agency -> gateway outbox (validated, stored)",
        "waiting in the outbox",
        "sealing",
        "gateway -> hub ingress",
        "hub routing (to the receipt issued)",
        "delivery -> recipient gateway open (*)",
        "recipient gateway -> agency inbox",
    ];

    public static E2ePhase From(IReadOnlyDictionary<string, long> sent, IStageTimes probe, double sealMs, double outboxWaitMs)
    {
        var latencies = new List<double>(sent.Count);
        var sums = new double[StageNames.Length];
        var timed = 0;
        long first = long.MaxValue, last = long.MinValue;
        foreach (var (alertId, t0) in sent)
        {
            var copies = probe.CopiesOf(alertId);
            var done = copies.Max(c => c.Arrived);
            latencies.Add(done - t0);
            first = Math.Min(first, t0);
            last = Math.Max(last, done);
            foreach (var copy in copies)
            {
                if (probe.IngressAt(copy.EnvelopeId) is not { } ingress || probe.RoutedAt(copy.EnvelopeId) is not { } routed)
                {
                    continue;
                }

                double[] stages = [copy.Created - t0 - outboxWaitMs, outboxWaitMs, sealMs, ingress - copy.Created - sealMs, routed - ingress, copy.VerifiedAt - routed, copy.Arrived - copy.VerifiedAt];
                for (var i = 0; i < stages.Length; i++)
                {
                    sums[i] += stages[i];
                }

                timed++;
            }
        }

        latencies.Sort();
        var means = StageNames.Select((name, i) => (name, timed == 0 ? double.NaN : sums[i] / timed)).ToArray();
        return new E2ePhase(sent.Count, sent.Count * 1000.0 / Math.Max(1, last - first), Statistics.Percentile(latencies, 0.5), Statistics.Percentile(latencies, 0.99), means, timed);
    }
}
