using Microsoft.Data.Sqlite;

namespace Broker.Core.Replay;

/// <summary>
/// The replay cache in one SQLite file (WAL, busy timeout), safe for several hub processes on one machine: each claim
/// runs in an IMMEDIATE transaction, so two instances cannot both claim the same id.
/// </summary>
public sealed class SqliteReplayCache : IReplayCache, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteReplayCache(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        Directory.CreateDirectory(directory!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS replay_cache(
              envelope_id TEXT PRIMARY KEY, body_hash BLOB NOT NULL, retain_until INTEGER NOT NULL,
              completed INTEGER NOT NULL, owner TEXT NOT NULL, updated INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS replay_cache_retain ON replay_cache(retain_until);
            """);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask<ClaimResult> TryClaimAsync(ReplayClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT body_hash, completed FROM replay_cache WHERE envelope_id = $id";
            select.Parameters.AddWithValue("$id", claim.EnvelopeId);
            ClaimResult result;
            using (var reader = select.ExecuteReader())
            {
                result = reader.Read() ? ReplayRules.Decide(claim, (byte[])reader[0], reader.GetInt64(1) != 0) : ClaimResult.Claimed;
            }

            if (result == ClaimResult.Claimed)
            {
                using var upsert = connection.CreateCommand();
                upsert.CommandText = """
                    INSERT INTO replay_cache(envelope_id, body_hash, retain_until, completed, owner, updated) VALUES($id, $hash, $retain, 0, $owner, $now)
                    ON CONFLICT(envelope_id) DO UPDATE SET owner = excluded.owner, updated = excluded.updated
                    """;
                upsert.Parameters.AddWithValue("$id", claim.EnvelopeId);
                upsert.Parameters.AddWithValue("$hash", claim.BodyHash);
                upsert.Parameters.AddWithValue("$retain", claim.RetainUntil.ToUnixTimeSeconds());
                upsert.Parameters.AddWithValue("$owner", claim.Owner);
                upsert.Parameters.AddWithValue("$now", claim.Now.ToUnixTimeMilliseconds());
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async ValueTask CompleteAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE replay_cache SET completed = 1 WHERE envelope_id = $id";
            command.Parameters.AddWithValue("$id", envelopeId);
            command.ExecuteNonQuery();
        }
        finally
        {
            _writer.Release();
        }
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM replay_cache WHERE retain_until < $now";
            command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            return command.ExecuteNonQuery();
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}
