using Microsoft.Data.Sqlite;

namespace Broker.Gateway.Storage;

/// <summary>
/// The gateway's durable state in one SQLite file (WAL): the outbox of alerts to seal and publish, the inbox of
/// delivered envelopes (unique by envelope id) and the routing receipts. Each call opens a pooled connection, so the store
/// is safe to share between the consumers and the drainer.
/// </summary>
internal sealed partial class GatewayStore
{
    /// <summary>The alert a stored delivery threads under: set at store time only when the sender was party to that alert.</summary>
    internal const string InboxThreadOf = "thread_of";

    private const string ThreadIndexes = """
        DROP INDEX IF EXISTS inbox_in_reply_to;
        CREATE INDEX IF NOT EXISTS inbox_thread_of ON inbox (thread_of, received_at);
        CREATE INDEX IF NOT EXISTS inbox_alert_sender ON inbox (alert_id, sender);
        CREATE INDEX IF NOT EXISTS outbox_envelope ON outbox (envelope_id);
        """;

    /// <summary>The <c>inReplyTo</c> of an outbox entry's alert (or action).</summary>
    internal const string OutboxInReplyTo =
        "(CASE WHEN json_valid(CAST(alert_json AS TEXT)) THEN json_extract(CAST(alert_json AS TEXT), '$.inReplyTo') END)";

    // The indexes after the tables serve the read model (ReadModel/): newest first, threads, receipts of sent alerts.
    private const string Schema = $"""
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS outbox (
            alert_id TEXT PRIMARY KEY,
            received_at INTEGER NOT NULL,
            alert_json BLOB NOT NULL,
            state INTEGER NOT NULL,
            envelope_id TEXT NULL,
            envelope BLOB NULL,
            recipients TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT NULL,
            sent_at INTEGER NULL,
            kind INTEGER NOT NULL DEFAULT 0,
            policy_versions TEXT NULL);
        CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
        CREATE TABLE IF NOT EXISTS inbox (
            envelope_id TEXT PRIMARY KEY,
            received_at INTEGER NOT NULL,
            sender TEXT NOT NULL,
            kind TEXT NOT NULL,
            envelope BLOB NOT NULL,
            view_json BLOB NOT NULL,
            header_json TEXT NOT NULL,
            verification TEXT NOT NULL,
            withheld TEXT NOT NULL,
            agency_message BLOB NOT NULL,
            publish_attempts INTEGER NOT NULL DEFAULT 0,
            published INTEGER NOT NULL DEFAULT 0,
            violation TEXT NULL,
            alert_id TEXT NULL,
            thread_of TEXT NULL,
            action_kind TEXT NULL);
        CREATE TABLE IF NOT EXISTS receipts (
            receipt_id TEXT PRIMARY KEY,
            received_at INTEGER NOT NULL,
            envelope_id TEXT NOT NULL,
            body BLOB NOT NULL,
            agency_message BLOB NOT NULL,
            published INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS refused (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at INTEGER NOT NULL,
            message_id TEXT NULL,
            amqp_type TEXT NULL,
            reason TEXT NOT NULL,
            body BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS inbox_received ON inbox (received_at);
        CREATE INDEX IF NOT EXISTS outbox_received ON outbox (kind, received_at);
        CREATE INDEX IF NOT EXISTS outbox_in_reply_to ON outbox {OutboxInReplyTo};
        CREATE INDEX IF NOT EXISTS receipts_envelope ON receipts (envelope_id, received_at);
        """;

    private readonly string _connectionString;

    private GatewayStore(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (and creates when missing) the store at <paramref name="path"/>.</summary>
    public static async Task<GatewayStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        Broker.Hosting.Storage.PrivateFiles.Ensure(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        var store = new GatewayStore(builder.ToString());
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // Stores created before the policy columns existed get them added; existing columns are never renamed.
        await EnsureColumnAsync(connection, "outbox", "policy_versions", "TEXT NULL", cancellationToken).ConfigureAwait(false);
        await EnsureColumnAsync(connection, "inbox", "violation", "TEXT NULL", cancellationToken).ConfigureAwait(false);
        await EnsureMessageIdsAsync(connection, cancellationToken).ConfigureAwait(false);
        await EnsureColumnAsync(connection, "inbox", "alert_id", "TEXT NULL", cancellationToken).ConfigureAwait(false);
        await EnsureColumnAsync(connection, "inbox", "thread_of", "TEXT NULL", cancellationToken).ConfigureAwait(false);
        await EnsureColumnAsync(connection, "inbox", "action_kind", "TEXT NULL", cancellationToken).ConfigureAwait(false);

        // After the columns exist (an older store gains them above). Threads key on the validated thread_of, never on the
        // plaintext's inReplyTo (protocols/case-alert.md, "What the receiving gateway checks"); the plaintext index is dropped.
        await using var indexes = connection.CreateCommand();
        indexes.CommandText = ThreadIndexes;
        await indexes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    private static async Task EnsureColumnAsync(SqliteConnection connection, string table, string column, string definition, CancellationToken cancellationToken)
    {
        await using var probe = connection.CreateCommand();
        probe.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column";
        probe.Parameters.AddWithValue("$column", column);
        if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        await using var alter = connection.CreateCommand();
        alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
        await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        // FULL: an acknowledged alert must survive a power cut, not only a process crash.
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
