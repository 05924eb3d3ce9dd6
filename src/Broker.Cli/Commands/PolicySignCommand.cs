using System.CommandLine;
using System.Security.Cryptography;
using Broker.Cli.Policy;
using Broker.Policy.Signing;
using Broker.Protocol.Keys;

namespace Broker.Cli.Commands;

internal static class PolicySignCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The country's policy signing seed: 32 raw bytes or 64 hex characters.", Required = true };
        var files = new Argument<string[]>("files") { Description = "Policy files to sign; each gets <file>.sig beside it.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("sign", "Validate and sign policy documents with a country policy key (detached composite signature, purpose broker/v1/policy).");
        command.Options.Add(key);
        command.Arguments.Add(files);
        command.SetAction(parse => PolicyCommand.Run(parse, (output, error) =>
        {
            var seed = ReadSeed(parse.GetValue(key)!);
            try
            {
                using var pair = SigningKeyPair.FromSeed(seed);
                foreach (var path in PolicyFiles.Expand(parse.GetValue(files)!))
                {
                    // Never sign what a host would refuse to load.
                    if (!PolicyFiles.TryRead(path, out var policy, out var problems))
                    {
                        error.WriteLine(problems);
                        throw new CliException($"{path} is invalid; not signed");
                    }

                    var document = File.ReadAllBytes(path);
                    File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(document, pair)));
                    output.WriteLine($"{path}: signed {policy!.Country} v{policy.Version} with policy key {pair.Id}");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }

            return 0;
        }));
        return command;
    }

    private static byte[] ReadSeed(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: key file not found");
        }

        var raw = File.ReadAllBytes(path);
        if (raw.Length == SigningKeyPair.SeedLength)
        {
            return raw;
        }

        var text = System.Text.Encoding.ASCII.GetString(raw).Trim();
        CryptographicOperations.ZeroMemory(raw);
        try
        {
            var seed = Convert.FromHexString(text);
            return seed.Length == SigningKeyPair.SeedLength ? seed : throw new CliException($"{path}: a seed is {SigningKeyPair.SeedLength} bytes");
        }
        catch (FormatException)
        {
            throw new CliException($"{path}: not a {SigningKeyPair.SeedLength}-byte seed (raw or hex)");
        }
    }
}
