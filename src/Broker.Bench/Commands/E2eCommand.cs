using System.CommandLine;
using Broker.Bench.E2e;
using Broker.Bench.World;

namespace Broker.Bench.Commands;

/// <summary><c>broker-bench e2e</c>: agency system -> gateway -> hub -> three gateways -> agency systems, beside raw RabbitMQ.</summary>
internal static class E2eCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Alerts per measured phase.", DefaultValueFactory = _ => 300 };
        var warmup = new Option<int>("--warmup") { Description = "Alerts sent first and not measured.", DefaultValueFactory = _ => 30 };
        var concurrency = new Option<int>("--concurrency") { Description = "The hub's concurrency.", DefaultValueFactory = _ => 32 };
        var alert = new Option<string?>("--alert") { Description = "Alert JSON used as the template (default: deploy/demo/alerts/th-oncb-meth-shipment.json)." };
        var runDir = NodeSettings.RunDirectoryOption();
        var command = new Command("e2e", "Measure alerts end to end through the real gateways and hub on a running node (deploy/rabbitmq.sh), beside raw RabbitMQ. Purges the agencies' and hub's queues.")
        {
            count, warmup, concurrency, alert, runDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var alertPath = parse.GetValue(alert) ?? Upwards.Find(Path.Combine("deploy", "demo", "alerts", "th-oncb-meth-shipment.json"))
                ?? throw new InvalidOperationException("deploy/demo/alerts/th-oncb-meth-shipment.json not found upwards from here; pass --alert.");
            var parameters = new E2eParameters(parse.GetValue(count), parse.GetValue(warmup), (ushort)parse.GetValue(concurrency), TimeSpan.FromMinutes(5), alertPath);
            var settings = NodeSettings.Load(parse.GetValue(runDir), "hub");
            var result = await E2eRunner.RunAsync(settings, parameters, parse.InvocationConfiguration.Output, cancellationToken);
            E2eReport.Write(result, parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }
}
