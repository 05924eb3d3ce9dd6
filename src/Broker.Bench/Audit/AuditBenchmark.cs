using System.Diagnostics;
using Broker.Audit.Storage;
using Broker.Bench.World;
using Spectre.Console;

namespace Broker.Bench.Audit;

/// <summary>
/// Generates a log of real sealed envelopes (<see cref="GeneratedLog"/>), then times each audit operation on it. Signature
/// verification alone (<c>Envelope.TryVerify</c> over the same envelopes, one thread) is the yardstick for replay.
/// </summary>
internal sealed partial class AuditBenchmark(IAnsiConsole console, int entries, int producers, string? postgres, int rounds, string? keep = null)
{
    private readonly List<(string Measure, string Value)> _rows = [];
    private int _verifyFindings;
    private int _replayFindings;

    public async Task<AuditBenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var envelopes = entries / GeneratedLog.EntriesPerEnvelope;
        console.MarkupLine($"Generating {envelopes:N0} sealed envelopes ({envelopes * GeneratedLog.EntriesPerEnvelope:N0} entries) on {Environment.ProcessorCount} cores...");
        using var log = new GeneratedLog(TimeProvider.System.GetUtcNow());
        var sealedEnvelopes = Time("seal (setup)", envelopes, () => log.SealMany(envelopes));
        var records = log.Records(sealedEnvelopes);

        var path = keep is null ? Path.Combine(Path.GetTempPath(), $"broker-bench-{Guid.NewGuid():N}.db") : Path.Combine(keep, "audit.db");
        if (keep is not null)
        {
            Directory.CreateDirectory(keep);
            BenchWorld.WritePublicKey(Path.Combine(keep, "log-key.pub"), log.World.Hub.PublicKey);
            BenchWorld.WritePublicKey(Path.Combine(keep, "registry-anchor.pub"), log.World.Anchor.PublicKey);
        }

        var schema = $"bench_{Guid.NewGuid():N}";
        var (verifyAlone, replay) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        IAuditStore store = postgres is null ? new SqliteAuditStore(path) : new PostgresAuditStore(postgres, schema);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await AppendAsync(store, log, records, cancellationToken).ConfigureAwait(false);
            await ProofsAsync(store, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(store, log.World, cancellationToken).ConfigureAwait(false);
            // The machine may be shared: alternate the two runs and compare the best of each.
            for (var round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                log.VerifyAll(sealedEnvelopes);
                verifyAlone = clock.Elapsed < verifyAlone ? clock.Elapsed : verifyAlone;
                var elapsed = await ReplayAsync(store, log.World, round == rounds - 1, cancellationToken).ConfigureAwait(false);
                replay = elapsed < replay ? elapsed : replay;
            }

            Record($"signature verification alone (Envelope.TryVerify, one thread, best of {rounds})", envelopes, verifyAlone, "envelopes");
            Record($"audit replay, same envelopes (best of {rounds})", records.Count, replay, "entries");
            _rows.Add(("replay time ÷ signature verification alone", $"{replay / verifyAlone:F2}x (target ≤ {AuditBenchResult.ReplayTarget:F1}x)"));
        }
        finally
        {
            await store.DisposeAsync().ConfigureAwait(false);
            if (postgres is null && keep is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
                {
                    File.Delete(path + suffix);
                }
            }
            else if (postgres is not null)
            {
                await DropSchemaAsync(postgres, schema).ConfigureAwait(false);
            }
        }

        return new AuditBenchResult(_rows, records.Count, _verifyFindings, _replayFindings, verifyAlone, replay);
    }

    /// <summary>The table of one run and, with --keep, where the log and its keys are.</summary>
    public void Write(AuditBenchResult result)
    {
        var table = new Table().Title($"broker-bench audit: {entries:N0} entries, store {(postgres is null ? "SQLite (WAL)" : "PostgreSQL")}").AddColumn("Measure").AddColumn(new TableColumn("Result").RightAligned());
        foreach (var (measure, value) in result.Rows)
        {
            table.AddRow(Markup.Escape(measure), Markup.Escape(value));
        }

        console.Write(table);
        if (keep is not null && postgres is null)
        {
            console.MarkupLine($"Kept the log and its public keys in {Markup.Escape(keep)} (audit.db, log-key.pub, registry-anchor.pub).");
        }
    }

    private T Time<T>(string measure, long operations, Func<T> work, string unit = "ops")
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        Record(measure, operations, clock.Elapsed, unit);
        return result;
    }

    private TimeSpan Time(string measure, long operations, Action work, string unit = "ops")
    {
        var clock = Stopwatch.StartNew();
        work();
        Record(measure, operations, clock.Elapsed, unit);
        return clock.Elapsed;
    }

    private void Record(string measure, long operations, TimeSpan elapsed, string unit)
    {
        var perSecond = operations / Math.Max(elapsed.TotalSeconds, 1e-9);
        _rows.Add((measure, $"{perSecond:N0} {unit}/s ({operations:N0} in {elapsed.TotalSeconds:F2} s)"));
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP SCHEMA IF EXISTS {schema} CASCADE";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// One audit benchmark run: its rows as printed, what verify and replay found in the generated log (nothing, when the log is
/// sound), and the best times of replay and of signature verification alone, from which <see cref="Ratio"/> is computed.
/// </summary>
internal sealed record AuditBenchResult(IReadOnlyList<(string Measure, string Value)> Rows, long Entries, int VerifyFindings, int ReplayFindings, TimeSpan VerifyAlone, TimeSpan Replay)
{
    public const double ReplayTarget = 1.5;

    public double Ratio => Replay / VerifyAlone;
}
