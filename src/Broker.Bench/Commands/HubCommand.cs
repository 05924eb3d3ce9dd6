using System.CommandLine;
using Broker.Bench.Hub;
using Broker.Bench.World;

namespace Broker.Bench.Commands;

/// <summary><c>broker-bench hub</c>: routing-core throughput and latency against a bare relay on the same node and queues.</summary>
internal static class HubCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Envelopes measured per phase.", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup") { Description = "Envelopes sent first and not measured.", DefaultValueFactory = _ => 100 };
        var rounds = new Option<int>("--rounds") { Description = "Relay/hub rounds per size (medians are reported).", DefaultValueFactory = _ => 3 };
        var sizes = new Option<int[]>("--sizes") { Description = "Alert plaintext sizes in bytes.", DefaultValueFactory = _ => [1024, 8192], AllowMultipleArgumentsPerToken = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Messages processed at once (hub and relay alike).", DefaultValueFactory = _ => 32 };
        var prefetch = new Option<int>("--prefetch") { Description = "Consumer prefetch (hub and relay alike).", DefaultValueFactory = _ => 128 };
        var noAudit = new Option<bool>("--no-audit") { Description = "Run the hub with Audit:Mode = Off, the benchmark-only mode that appends nothing (deployments run the log; this shows what it costs)." };
        var vhost = new Option<string>("--vhost") { Description = "Hub virtual host (its queues are purged).", DefaultValueFactory = _ => "hub" };
        var runDir = NodeSettings.RunDirectoryOption();
        var command = new Command("hub", "Measure the routing core against a bare verify-and-forward relay on a running node (deploy/rabbitmq.sh).")
        {
            count, warmup, rounds, sizes, concurrency, prefetch, noAudit, vhost, runDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parameters = new BenchParameters(parse.GetValue(count), parse.GetValue(warmup), Math.Max(1, parse.GetValue(rounds)), (ushort)parse.GetValue(concurrency), (ushort)parse.GetValue(prefetch), TimeSpan.FromMinutes(5), Audit: !parse.GetValue(noAudit));
            var settings = NodeSettings.Load(parse.GetValue(runDir), parse.GetValue(vhost)!);
            var results = await BenchHubRunner.RunAsync(settings, parameters, parse.GetValue(sizes)!, parse.InvocationConfiguration.Output, cancellationToken);
            BenchReport.Write(results, parameters, parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }
}
