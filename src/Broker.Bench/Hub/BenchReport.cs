using System.Globalization;

namespace Broker.Bench.Hub;

internal static class BenchReport
{
    public static void Write(IReadOnlyList<SizeResult> results, BenchParameters parameters, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"broker-bench hub: {parameters.Count} envelopes per phase (+{parameters.Warmup} warm-up), {parameters.Rounds} alternating relay/hub rounds (medians), 3 recipients each, concurrency {parameters.Concurrency}, prefetch {parameters.Prefetch}, {Environment.ProcessorCount} cores, audit log {(parameters.Audit ? "on" : "off")}"));
        output.WriteLine("alert  envelope | relay env/s | hub env/s  ratio | hub p50 ms  p99 ms | at half rate: env/s  p50 ms  p99 ms | relay at that rate: p50 ms  p99 ms");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(c,
                $"{r.PlaintextBytes,5}  {r.EnvelopeBytes,8} | {r.Relay.Throughput,11:0} | {r.Hub.Throughput,9:0}  {r.Ratio,5:0.00} | {r.Hub.P50Ms,10:0.0}  {r.Hub.P99Ms,6:0.0} | {r.HubAtHalf.OfferedRate,19:0}  {r.HubAtHalf.P50Ms,6:0.0}  {r.HubAtHalf.P99Ms,6:0.0} | {r.RelayAtHalf.P50Ms,25:0.0}  {r.RelayAtHalf.P99Ms,6:0.0}"));
        }

        output.WriteLine("Throughput counts an envelope when all 3 stripped copies are in their delivery queues; latency is publish start to the last copy.");
        output.WriteLine("The hub runs as deployed: signed policies, envelope id claims, audit log (unless --no-audit) and a proven receipt per envelope.");
        output.WriteLine("The relay only verifies and forwards (no user-id check, envelope id claim, policy, stripping, audit entries or receipt).");
    }
}
