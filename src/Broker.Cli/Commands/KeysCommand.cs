using System.CommandLine;
using Broker.Cli.Keys;

namespace Broker.Cli.Commands;

/// <summary><c>broker keys generate</c>: an agency's signing + encryption keys, a country policy key, or a plain signing key.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "agency (signing + KEM key pair), country (policy signing key) or signing (registry authority, hub)." };
        kind.AcceptOnlyFromAmong("agency", "country", "signing");
        var ids = new Argument<string[]>("ids") { Description = "Agency ids (TH-ONCB), country codes (TH) or key names (registry, hub).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the key files.", DefaultValueFactory = _ => "keys" };
        var force = new Option<bool>("--force") { Description = "Replace existing keys (default: keep them, so reruns are harmless)." };
        var generate = new Command("generate", "Generate keys. Private files are written with mode 600 and never printed; public keys go beside them as base64 .pub files.");
        generate.Arguments.Add(kind);
        generate.Arguments.Add(ids);
        generate.Options.Add(output);
        generate.Options.Add(force);
        generate.SetAction(parse => PolicyCommand.Run(parse, (stdout, _) =>
        {
            var folder = parse.GetValue(output)!;
            foreach (var id in parse.GetValue(ids)!)
            {
                stdout.WriteLine(parse.GetValue(kind) switch
                {
                    "agency" => KeyGenerator.Agency(folder, id, parse.GetValue(force)),
                    "country" => KeyGenerator.Country(folder, id, parse.GetValue(force)),
                    _ => KeyGenerator.Signing(folder, id, parse.GetValue(force)),
                });
            }

            return 0;
        }));
        var command = new Command("keys", "Key material for agencies, countries, the hub and the registry authority (protocols/keys-and-registry.md).");
        command.Subcommands.Add(generate);
        return command;
    }
}
