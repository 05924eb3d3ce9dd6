using System.CommandLine;
using Broker.Bench.Fairness;
using Broker.Bench.World;

namespace Broker.Bench.Commands;

/// <summary><c>broker-bench fairness</c>: another agency's alert latency during one agency's burst, against no burst, in the same run.</summary>
internal static class FairnessCommand
{
    public static Command Create()
    {
        var burst = new Option<int>("--burst") { Description = "Envelopes the bursting agency publishes at once.", DefaultValueFactory = _ => 2000 };
        var probes = new Option<int>("--probes") { Description = "Probe alerts measured without the burst (during it, as many as fit).", DefaultValueFactory = _ => 30 };
        var vhost = new Option<string>("--vhost") { Description = "Hub virtual host (its ingress and delivery queues are purged).", DefaultValueFactory = _ => "hub" };
        var runDir = NodeSettings.RunDirectoryOption();
        var command = new Command("fairness", "Measure another agency's alert latency during a burst from one agency, against no burst, on a running node (deploy/rabbitmq.sh).")
        {
            burst, probes, vhost, runDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = NodeSettings.Load(parse.GetValue(runDir), parse.GetValue(vhost)!);
            var run = new FairnessRun(settings, Math.Max(1, parse.GetValue(burst)), Math.Max(1, parse.GetValue(probes)), parse.InvocationConfiguration.Error);
            var result = await run.RunAsync(cancellationToken);
            result.Write(parse.InvocationConfiguration.Output, FairnessRun.Sender, FairnessRun.Probe);
            return 0;
        });
        return command;
    }
}
