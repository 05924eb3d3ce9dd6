using System.CommandLine;
using Broker.Bench.Protocol;

namespace Broker.Bench.Commands;

/// <summary><c>broker-bench protocol [--quick]</c>: envelope throughput beside the cost of its primitives, measured in one run.</summary>
internal static class ProtocolCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Short measurements: finishes in a few seconds, numbers are rougher." };
        var protocol = new Command("protocol", "Seal, verify, strip and open per second for 1 KiB and 16 KiB alerts to 1, 5 and 20 recipients, beside the cost of the primitives.");
        protocol.Options.Add(quick);
        protocol.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = parse.GetValue(quick) ? BenchmarkOptions.Quick : BenchmarkOptions.Default;
            var report = ProtocolBenchmark.Run(options, step => parse.InvocationConfiguration.Error.WriteLine($"measuring {step}..."));
            ProtocolReport.Write(output, report);
            return 0;
        });
        return protocol;
    }
}
