using System.CommandLine;
using Broker.Audit.Replay;
using Broker.Cli.Audit;

namespace Broker.Cli.Commands;

internal static partial class AuditCommand
{
    private static Command CreateReplay()
    {
        var command = new Command("replay", "Re-verify every envelope against the registry of its time and re-evaluate every decision with the policies recorded; list every difference.");
        AddSourceOptions(command);
        command.Options.Add(RegistryAnchor);
        command.SetAction((parse, cancellationToken) => GuardAsync(parse, async () =>
        {
            var anchorPath = parse.GetValue(RegistryAnchor) ?? throw new AuditCliException("replay needs --registry-anchor FILE to check the registries recorded in the log.");
            var anchor = AuditKeys.Load(anchorPath);
            await using var store = await AuditLogSource.OpenAsync(parse.GetValue(Sqlite), parse.GetValue(Postgres), parse.GetValue(Schema)!, cancellationToken);
            var console = AuditConsole.Create(parse.InvocationConfiguration.Output);
            var replayer = new AuditReplayer(anchor);
            var result = await AuditConsole.WithProgressAsync(console, progress => replayer.ReplayAsync(store, progress, cancellationToken));
            var rows = new List<(string, string)>
            {
                ("Entries replayed", Count(result.EntriesReplayed)),
                ("Envelope signatures re-verified", Count(result.EnvelopesReverified)),
                ("Decisions re-evaluated", Count(result.DecisionsReplayed)),
                ("Decisions not re-evaluated (no registry or archive)", Count(result.DecisionsNotReevaluated)),
            };
            AuditConsole.Summary(console, "broker audit replay", rows, result.Findings);
            if (parse.GetValue(Report) is { } report)
            {
                AuditHtmlReport.Write(report, "Audit log replay", rows, result.Statistics, result.Findings, TimeProvider.System.GetUtcNow());
            }

            return result.IsClean ? Clean : Findings;
        }));
        return command;
    }
}
