using System.CommandLine;
using Broker.Cli.Policy;
using Broker.Policy.Signing;

namespace Broker.Cli.Commands;

internal static class PolicyValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Policy files or folders of *.policy.json.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check policy documents against the schema and the rules; prints file, JSON path and reason for each problem.");
        command.Arguments.Add(files);
        command.SetAction(parse => PolicyCommand.Run(parse, (output, error) =>
        {
            var invalid = 0;
            var paths = PolicyFiles.Expand(parse.GetValue(files)!);
            foreach (var path in paths)
            {
                if (!PolicyFiles.TryRead(path, out var policy, out var problems))
                {
                    invalid++;
                    error.WriteLine(problems);
                    continue;
                }

                var sig = path + PolicySignatures.FileSuffix;
                var signature = !File.Exists(sig) ? "unsigned"
                    : PolicySignatures.TryDecodeFile(File.ReadAllBytes(sig), out _, out var sigError) ? "signature file present (verified when a host loads it)"
                    : $"signature file unreadable: {sigError}";
                output.WriteLine($"{path}: OK {policy!.Country} v{policy.Version} effective {policy.Effective:O}, {policy.Outbound.Count} outbound / {policy.Inbound.Count} inbound rules{(policy.Illustrative ? ", illustrative" : string.Empty)}; {signature}");
            }

            output.WriteLine($"{paths.Count - invalid} valid, {invalid} invalid");
            return invalid == 0 ? 0 : 1;
        }));
        return command;
    }
}
