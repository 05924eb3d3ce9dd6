using System.CommandLine;
using Broker.Cli.Policy;
using Broker.Policy.Analysis;

namespace Broker.Cli.Commands;

internal static class PolicyDiffCommand
{
    public static Command Create()
    {
        var before = new Argument<string>("old") { Description = "The policy version in force." };
        var after = new Argument<string>("new") { Description = "The proposed version." };
        var directory = new Option<string>("--directory")
        {
            Description = "Agency directory to probe with.",
            DefaultValueFactory = _ => Path.Combine(PolicyFiles.DefaultFolder, "agencies.sample.json"),
        };
        var command = new Command("diff", "What the new version permits or denies that the old one did not, per direction, agencies and categories.");
        command.Arguments.Add(before);
        command.Arguments.Add(after);
        command.Options.Add(directory);
        command.SetAction(parse => PolicyCommand.Run(parse, (output, error) =>
        {
            if (!PolicyFiles.TryRead(parse.GetValue(before)!, out var old, out var oldError))
            {
                throw new CliException(oldError);
            }

            if (!PolicyFiles.TryRead(parse.GetValue(after)!, out var now, out var newError))
            {
                throw new CliException(newError);
            }

            if (old!.Country != now!.Country)
            {
                throw new CliException($"the files are policies of different countries ({old.Country}, {now.Country})");
            }

            var changes = PolicyDiff.Compare(old, now, PolicyFiles.LoadDirectory(parse.GetValue(directory)!));
            output.Write(PolicyDiff.Describe(changes, old, now));
            return 0;
        }));
        return command;
    }
}
