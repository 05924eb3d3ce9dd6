using System.CommandLine;
using Broker.Cli.Audit;

namespace Broker.Cli.Commands;

/// <summary>
/// <c>broker audit verify|replay</c>: what an oversight body runs against the log, with no decryption key. Exit codes: 0 no
/// finding, 1 at least one finding, 2 the log or a key could not be read.
/// </summary>
internal static partial class AuditCommand
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Unusable = 2;

    private static readonly Option<string?> Sqlite = new("--sqlite") { Description = "Read the log from this SQLite file." };
    private static readonly Option<string?> Postgres = new("--postgres") { Description = "Read the log from this PostgreSQL connection string." };
    private static readonly Option<string> Schema = new("--schema") { Description = "PostgreSQL schema of the log.", DefaultValueFactory = _ => "broker_audit" };
    private static readonly Option<string?> Report = new("--report") { Description = "Also write a self-contained HTML report to this file." };
    private static readonly Option<string?> RegistryAnchor = new("--registry-anchor") { Description = "Public key file of the trust registry's signer (base64 or raw Ed25519‖ML-DSA-65)." };

    public static Command Create()
    {
        var command = new Command("audit", "Verify and replay the tamper-evident audit log without any decryption key.");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateReplay());
        return command;
    }

    private static void AddSourceOptions(Command command)
    {
        command.Options.Add(Sqlite);
        command.Options.Add(Postgres);
        command.Options.Add(Schema);
        command.Options.Add(Report);
    }

    /// <summary>Runs an audit step, turning unreadable input into one line on stderr and exit code 2.</summary>
    private static async Task<int> GuardAsync(ParseResult parse, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is AuditCliException or IOException or UnauthorizedAccessException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"broker audit: {e.Message}");
            return Unusable;
        }
    }

    private static string Count(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
