using System.CommandLine;
using Broker.Bench.Commands;

var root = new RootCommand("broker-bench: performance measurements of the Case Alert Broker, each beside a baseline measured in the same run");
foreach (var command in BenchCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
