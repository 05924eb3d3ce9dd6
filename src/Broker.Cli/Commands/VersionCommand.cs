using System.CommandLine;
using System.Reflection;

namespace Broker.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("about", "Print the broker's version and protocol suite.");
        command.SetAction(parse =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
            parse.InvocationConfiguration.Output.WriteLine($"broker {version}; envelope protocol v1");
            return 0;
        });
        return command;
    }
}
