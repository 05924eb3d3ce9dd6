using System.CommandLine;
using Broker.Cli.Commands;

var root = new RootCommand("broker: keys, trust registry, policies, alerts, audit and the local demo of the Case Alert Broker");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
