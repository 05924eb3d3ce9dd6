using System.CommandLine;
using Broker.Cli.Commands;

namespace Broker.Cli.Tests;

/// <summary>Runs <c>broker</c> in process with the real command catalog and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("broker");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
