using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Broker.Gateway.ReadModel;

/// <summary>
/// Read-only queries over one gateway's store, for the agency's own tools beside the gateway (the officers' web client).
/// The store is opened read-only (SQLite refuses any write on the connection), so a reader can never change the outbox,
/// the inbox or a receipt; the table layout stays private to the gateway. A store that does not exist yet reads as empty.
/// Nothing here filters by officer: who may see what is the caller's decision.
/// </summary>
public sealed partial class GatewayReadModel
{
    /// <summary>The most rows any list returns.</summary>
    public const int MaxLimit = 1000;

    private const string InboxColumns = "envelope_id, received_at, sender, kind, agency_message";

    private readonly string _path;
    private readonly string _connectionString;

    public GatewayReadModel(string storePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storePath);
        _path = storePath;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    /// <summary>The newest <paramref name="limit"/> deliveries that carry an alert or an action (not delivery receipts), newest first.</summary>
    public Task<IReadOnlyList<InboxItem>> InboxAsync(int limit, CancellationToken cancellationToken = default) =>
        QueryInboxAsync($"SELECT {InboxColumns} FROM inbox ORDER BY received_at DESC LIMIT $limit", p => p.AddWithValue("$limit", Checked(limit)), cancellationToken);

    /// <summary>One delivery by envelope id, or null (also for a delivery receipt, which carries no alert).</summary>
    public async Task<InboxItem?> FindAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopeId);
        var rows = await QueryInboxAsync($"SELECT {InboxColumns} FROM inbox WHERE envelope_id = $id", p => p.AddWithValue("$id", envelopeId), cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>How many deliveries the inbox holds (every kind); it only grows, so a change means something arrived.</summary>
    public async Task<long> CountInboxAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return 0;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM inbox";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<InboxItem>> QueryInboxAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<InboxItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Delivery receipts are stored under another member than "alert": not an inbox item. A row that is not strict JSON
            // (only rows stored before the gateway validated what it opened) still lists, with nothing of its content: every
            // stored row renders, and no content reaches a page unread.
            var kind = reader.GetString(3);
            var message = StrictObject((byte[])reader[4]);
            if (message is null && kind is not (nameof(Protocol.Envelopes.MessageKind.DeliveryReceipt) or nameof(Protocol.Envelopes.MessageKind.NonDelivery)))
            {
                message = new JsonObject { ["broker"] = new JsonObject(), ["alert"] = new JsonObject() };
            }

            if (message is not null && message["broker"] is JsonObject broker && message["alert"] is JsonObject alert)
            {
                rows.Add(new InboxItem
                {
                    EnvelopeId = reader.GetString(0),
                    ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    Sender = reader.GetString(2),
                    Kind = kind,
                    Broker = broker,
                    Alert = alert,
                });
            }
        }

        return rows;
    }

    private async Task<SqliteConnection?> OpenAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            // The gateway writes while we read (WAL): wait for its short write transactions rather than fail.
            pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA query_only = 1;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The stored JSON as an object, or null unless it passes the inbound strict reading (no duplicate member, no undecodable
    /// string, bounded depth): a duplicate member would otherwise throw later, when a page first touches that object.
    /// </summary>
    private static JsonObject? StrictObject(byte[] json)
    {
        if (!Inbound.StrictJson.TryParse(json, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            return document!.RootElement.ValueKind == JsonValueKind.Object ? JsonObject.Create(document.RootElement.Clone()) : null;
        }
    }

    private static int Checked(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        return limit;
    }
}
