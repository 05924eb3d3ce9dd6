using System.CommandLine;
using Broker.Audit.Verification;
using Broker.Cli.Audit;
using Broker.Protocol.Keys;
using Broker.Protocol.Transparency;
using Spectre.Console;

namespace Broker.Cli.Commands;

internal static partial class AuditCommand
{
    private static Command CreateVerify()
    {
        var logKeys = new Option<string[]>("--log-key") { Description = "Public key file of the hub's log key (repeat for rotated keys). Without it, the hub keys of the registries in the log are used (needs --registry-anchor).", AllowMultipleArgumentsPerToken = true };
        var witness = new Option<string?>("--witness") { Description = "Witness file of tree heads seen before; checked for consistency and updated after a clean run." };
        var logId = new Option<string>("--log-id") { Description = "The log's id in its tree heads.", DefaultValueFactory = _ => "broker-audit" };
        var command = new Command("verify", "Check tree-head signatures, consistency with every tree head seen before, the recomputed tree and the envelope archive.");
        AddSourceOptions(command);
        command.Options.Add(logKeys);
        command.Options.Add(RegistryAnchor);
        command.Options.Add(witness);
        command.Options.Add(logId);
        command.SetAction((parse, cancellationToken) => GuardAsync(parse, async () =>
        {
            await using var store = await AuditLogSource.OpenAsync(parse.GetValue(Sqlite), parse.GetValue(Postgres), parse.GetValue(Schema)!, cancellationToken);
            var keys = await LogKeysAsync(store, parse.GetValue(logKeys), parse.GetValue(RegistryAnchor), cancellationToken);
            var witnessPath = parse.GetValue(witness);
            var seen = witnessPath is null ? [] : WitnessFile.Load(witnessPath, out var unreadable);
            var console = AuditConsole.Create(parse.InvocationConfiguration.Output);
            var verifier = new AuditVerifier(new CompositeTreeHeadVerifier(keys), parse.GetValue(logId));
            var result = await AuditConsole.WithProgressAsync(console, progress => verifier.VerifyAsync(store, seen, progress, cancellationToken));
            var rows = new List<(string, string)>
            {
                ("Entries recomputed", Count(result.EntryCount)),
                ("Tree heads checked (stored)", Count(result.TreeHeadsChecked)),
                ("Tree heads checked (witness)", Count(result.WitnessHeadsChecked)),
                ("Latest verified tree head", result.LatestVerifiedHead is { } head ? $"size {Count(head.TreeSize)}, root {head.RootHex[..16]}…" : "none"),
                ("Entries not yet under a tree head", Count(result.UncoveredEntries)),
                ("Archived envelopes checked", Count(result.EnvelopesChecked)),
            };
            AuditConsole.Summary(console, "broker audit verify", rows, result.Findings);
            if (witnessPath is not null && result.IsClean && result.LatestVerifiedHead is { } latest)
            {
                WitnessFile.Save(witnessPath, [.. seen, latest]);
                console.MarkupLine($"Witness updated: {Markup.Escape(witnessPath)}");
            }

            if (parse.GetValue(Report) is { } report)
            {
                AuditHtmlReport.Write(report, "Audit log verification", rows, result.Statistics, result.Findings, TimeProvider.System.GetUtcNow());
            }

            return result.IsClean ? Clean : Findings;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<SigningPublicKey>> LogKeysAsync(Broker.Audit.Storage.IAuditStore store, string[]? files, string? anchor, CancellationToken cancellationToken)
    {
        if (files is { Length: > 0 })
        {
            return files.Select(AuditKeys.Load).ToList();
        }

        if (anchor is null)
        {
            throw new AuditCliException("Give --log-key FILE, or --registry-anchor FILE to take the hub's log keys from the registries in the log.");
        }

        var keys = await AuditKeys.HubKeysFromLogAsync(store, AuditKeys.Load(anchor), cancellationToken);
        return keys.Count > 0 ? keys : throw new AuditCliException("No registry in the log verifies under the registry anchor, so no log key is known.");
    }
}
