using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Broker.Gateway.ReadModel;

public sealed partial class GatewayReadModel
{
    /// <summary>The most messages each side of a thread returns.</summary>
    public const int ThreadLimit = 500;

    private const string SentColumns = "alert_id, received_at, alert_json, state, envelope_id, recipients, sent_at";

    // Only the agency's own alerts and actions: the gateway's signed delivery receipts share the outbox but are not "sent items".
    private const string SentKind = "kind = 0";

    /// <summary>The newest <paramref name="limit"/> alerts and actions this agency sent, newest first, each with its routing receipts.</summary>
    public Task<IReadOnlyList<SentItem>> SentAsync(int limit, CancellationToken cancellationToken = default) =>
        QuerySentAsync($"SELECT {SentColumns} FROM outbox WHERE {SentKind} ORDER BY received_at DESC LIMIT $limit", p => p.AddWithValue("$limit", Checked(limit)), cancellationToken);

    /// <summary>One alert or action this agency sent, by its alert id, or null.</summary>
    public async Task<SentItem?> FindSentAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        var rows = await QuerySentAsync(
            $"SELECT {SentColumns} FROM outbox WHERE {SentKind} AND alert_id = $id", p => p.AddWithValue("$id", alertId.ToString("D")), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Everything in reply to the alert <paramref name="alertId"/>, received and sent, each oldest first and at most
    /// <see cref="ThreadLimit"/>. Looked up by index over the whole store, not only the newest rows. A received message is in
    /// the thread only when the gateway threaded it on arrival (its signed sender was party to the alert, a grant or refusal
    /// came from the alert's originator): the plaintext's own <c>inReplyTo</c> never decides. For an alert this agency
    /// received, pass its signed sender as the originator: another agency's alert reusing the same id then
    /// shows none of the originator's answers, and the originator's thread none of another's.
    /// </summary>
    public async Task<AlertThread> ThreadAsync(string alertId, CancellationToken cancellationToken = default) =>
        await ThreadAsync(alertId, originator: null, cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="ThreadAsync(string, CancellationToken)"/>; received messages only from <paramref name="originator"/> when given.</summary>
    public async Task<AlertThread> ThreadAsync(string alertId, string? originator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        if (!Guid.TryParse(alertId, CultureInfo.InvariantCulture, out var id))
        {
            return new AlertThread([], []);
        }

        // The gateway stores thread keys in one form; the sent side compares the agency system's own text.
        alertId = id.ToString("D");
        var received = await QueryInboxAsync(
            $"SELECT {InboxColumns} FROM inbox WHERE {GatewayStore.InboxThreadOf} = $id AND ($origin IS NULL OR sender = $origin) ORDER BY received_at LIMIT {ThreadLimit}",
            p =>
            {
                p.AddWithValue("$id", alertId);
                p.AddWithValue("$origin", (object?)originator ?? DBNull.Value);
            },
            cancellationToken).ConfigureAwait(false);
        var sent = await QuerySentAsync(
            $"SELECT {SentColumns} FROM outbox WHERE {SentKind} AND {GatewayStore.OutboxInReplyTo} = $id ORDER BY received_at LIMIT {ThreadLimit}",
            p => p.AddWithValue("$id", alertId),
            cancellationToken).ConfigureAwait(false);
        return new AlertThread(received, sent);
    }

    private async Task<IReadOnlyList<SentItem>> QuerySentAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return [];
        }

        var rows = new List<SentItem>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // An entry that is not strict JSON (accepted before the outbound checks refused duplicate members) still lists.
                var alert = StrictObject((byte[])reader[2]) ?? [];

                rows.Add(new SentItem
                {
                    AlertId = Guid.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                    ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    Alert = alert,
                    State = StateName((OutboxState)reader.GetInt32(3)),
                    EnvelopeId = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Recipients = reader.IsDBNull(5) ? null : reader.GetString(5),
                    SentAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                });
            }
        }

        string[] envelopeIds = [.. rows.Select(r => r.EnvelopeId).OfType<string>()];
        var receipts = await ReceiptsAsync(connection, envelopeIds, cancellationToken).ConfigureAwait(false);
        var delivery = await DeliveryReceiptsAsync(connection, envelopeIds, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.EnvelopeId is { } id
            ? r with
            {
                Receipts = receipts.TryGetValue(id, out var list) ? list : [],
                DeliveryReceipts = delivery.TryGetValue(id, out var answers) ? answers : [],
            }
            : r)];
    }

    /// <summary>
    /// The delivery receipts (kinds 8 and 9) the gateway accepted for the given envelopes, oldest first per envelope. The
    /// gateway stored each under the envelope it answers (<c>thread_of</c>) only after checking it was sealed for its signer.
    /// </summary>
    private static async Task<Dictionary<string, List<DeliveryReceipt>>> DeliveryReceiptsAsync(SqliteConnection connection, string[] envelopeIds, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, List<DeliveryReceipt>>(StringComparer.Ordinal);
        if (envelopeIds.Length == 0)
        {
            return map;
        }

        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {GatewayStore.InboxThreadOf}, sender, received_at, kind, agency_message FROM inbox WHERE {GatewayStore.InboxThreadOf} IN (SELECT value FROM json_each($ids)) AND kind IN ('DeliveryReceipt', 'NonDelivery') ORDER BY received_at";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(envelopeIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = reader.GetString(0);
            var delivered = reader.GetString(3) == "DeliveryReceipt";
            var reason = delivered ? null : AlertJson.OptionalText(AlertJson.Member(StrictObject((byte[])reader[4]), "receipt"), "reason");
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(new DeliveryReceipt(reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), delivered, reason));
        }

        return map;
    }

    /// <summary>The routing receipts of the given envelopes, oldest first per envelope.</summary>
    private static async Task<Dictionary<string, List<JsonObject>>> ReceiptsAsync(SqliteConnection connection, string[] envelopeIds, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        if (envelopeIds.Length == 0)
        {
            return map;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT envelope_id, agency_message FROM receipts WHERE envelope_id IN (SELECT value FROM json_each($ids)) ORDER BY received_at";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(envelopeIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (StrictObject((byte[])reader[1]) is { } receipt)
            {
                var key = reader.GetString(0);
                if (!map.TryGetValue(key, out var list))
                {
                    map[key] = list = [];
                }

                list.Add(receipt);
            }
        }

        return map;
    }

    private static string StateName(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sealed => "sealed",
        OutboxState.Sent => "sent",
        OutboxState.Failed => "failed",
        _ => "unknown",
    };
}
