using System.CommandLine;
using System.Text.Json;
using Broker.Cli.Keys;
using Broker.Cli.Registry;

namespace Broker.Cli.Commands;

/// <summary><c>broker registry build|sign|show</c>: the signed trust registry of agencies, country policy keys and the hub.</summary>
internal static class RegistryCommand
{
    public static Command Create()
    {
        var command = new Command("registry", "Build, sign and inspect the trust registry (protocols/keys-and-registry.md §3).");
        command.Subcommands.Add(Build());
        command.Subcommands.Add(Sign());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command Build()
    {
        var agencies = new Option<string>("--agencies") { Description = "Agency directory JSON.", DefaultValueFactory = _ => "deploy/demo/agencies.json" };
        var keys = new Option<string>("--keys") { Description = "Folder with ID.signing.pub, ID.encryption.pub and CC.policy.pub files.", DefaultValueFactory = _ => "keys" };
        var hub = new Option<string>("--hub-key") { Description = "The hub's signing public key (.pub).", Required = true };
        var days = new Option<int>("--valid-days") { Description = "Key validity from now.", DefaultValueFactory = _ => 365 };
        var version = new Option<long?>("--version") { Description = "Registry version (default: now in Unix seconds, so every build is newer)." };
        var output = new Option<string>("--out") { Description = "Unsigned registry JSON to review and sign.", DefaultValueFactory = _ => "registry.json" };
        var build = new Command("build", "Assemble the unsigned registry (reviewable JSON) from the agency directory and the public key files.");
        foreach (var option in new Option[] { agencies, keys, hub, days, version, output })
        {
            build.Options.Add(option);
        }

        build.SetAction(parse => PolicyCommand.Run(parse, (stdout, _) =>
        {
            var draft = RegistryBuilder.Build(parse.GetValue(agencies)!, parse.GetValue(keys)!, parse.GetValue(hub)!,
                TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(parse.GetValue(days)), parse.GetValue(version));
            File.WriteAllText(parse.GetValue(output)!, JsonSerializer.Serialize(draft, RegistryDraft.Json));
            stdout.WriteLine($"{parse.GetValue(output)}: registry v{draft.Version}, {draft.Agencies.Count} agencies, {draft.Countries.Count} countries (unsigned)");
            return 0;
        }));
        return build;
    }

    private static Command Sign()
    {
        var draft = new Argument<string>("draft") { Description = "Unsigned registry JSON from 'registry build'." };
        var key = new Option<string>("--key") { Description = "The registry authority's signing seed file (mode 600).", Required = true };
        var output = new Option<string>("--out") { Description = "Signed registry (CBOR).", DefaultValueFactory = _ => "registry.cbor" };
        var sign = new Command("sign", "Sign the registry with the registry authority key; the public half is the trust anchor every host is given.");
        sign.Arguments.Add(draft);
        sign.Options.Add(key);
        sign.Options.Add(output);
        sign.SetAction(parse => PolicyCommand.Run(parse, (stdout, _) =>
        {
            var document = RegistrySigner.ReadDraft(parse.GetValue(draft)!);
            using var authority = KeyFileWriter.ReadSigningSeed(parse.GetValue(key)!);
            File.WriteAllBytes(parse.GetValue(output)!, RegistrySigner.Sign(document, authority));
            stdout.WriteLine($"{parse.GetValue(output)}: registry v{document.Version} signed by registry key {authority.Id}");
            return 0;
        }));
        return sign;
    }

    private static Command Show()
    {
        var registry = new Argument<string>("registry") { Description = "Signed registry (CBOR)." };
        var anchor = new Option<string>("--anchor") { Description = "The trust anchor: the registry authority's public key (.pub).", Required = true };
        var show = new Command("show", "Verify the registry's signature under the trust anchor and list its agencies, countries and hub keys. Exit 1 when refused.");
        show.Arguments.Add(registry);
        show.Options.Add(anchor);
        show.SetAction(parse => PolicyCommand.Run(parse, (stdout, _) =>
        {
            RegistryPrinter.Print(RegistrySigner.Load(parse.GetValue(registry)!, parse.GetValue(anchor)!), stdout);
            return 0;
        }));
        return show;
    }
}
