using System.CommandLine;
using System.Globalization;
using Broker.Cli.Policy;

namespace Broker.Cli.Commands;

/// <summary><c>broker policy</c>: validate, explain, matrix, diff and sign the per-country sharing policies.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", "Validate, explain, compare and sign the per-country sharing policies (protocols/policy.md).");
        command.Subcommands.Add(PolicyValidateCommand.Create());
        command.Subcommands.Add(PolicyExplainCommand.Create());
        command.Subcommands.Add(PolicyMatrixCommand.Create());
        command.Subcommands.Add(PolicyDiffCommand.Create());
        command.Subcommands.Add(PolicySignCommand.Create());
        return command;
    }

    public static Option<string> PoliciesOption() => new("--policies")
    {
        Description = "Folder of *.policy.json files.",
        DefaultValueFactory = _ => PolicyFiles.DefaultFolder,
    };

    public static Option<string?> DirectoryOption() => new("--directory")
    {
        Description = "Agency directory JSON (default: agencies.sample.json in the policies folder).",
    };

    public static Option<string?> AtOption() => new("--at")
    {
        Description = "Evaluation time, RFC 3339 (default: now). Decides which policy versions are in force.",
    };

    public static DateTimeOffset ReadAt(ParseResult parse, Option<string?> option)
    {
        var text = parse.GetValue(option);
        if (text is null)
        {
            return TimeProvider.System.GetUtcNow();
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new CliException($"--at '{text}' is not a date-time");
    }

    public static string DirectoryPath(ParseResult parse, Option<string> policies, Option<string?> directory) =>
        parse.GetValue(directory) ?? Path.Combine(parse.GetValue(policies)!, "agencies.sample.json");

    /// <summary>Runs a command body; user errors print one line to stderr and return 1 instead of a stack trace.</summary>
    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (CliException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
    }
}
