using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Broker.Web.Alerts;

/// <summary>
/// Read-only queries over the gateway's SQLite store. Every list is filtered for the officer: their own agency only, and
/// nothing above their clearance (an unknown classification counts as above every clearance: fail closed).
/// </summary>
internal sealed class AlertReader(IOptions<WebOptions> options)
{
    private const int Limit = 500;

    public static bool MayRead(Officer officer, string agency, AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(officer);
        ArgumentNullException.ThrowIfNull(alert);
        return string.Equals(officer.Agency, agency, StringComparison.Ordinal)
            && ClearanceNames.TryParse(alert.Classification, out var level)
            && level <= officer.Clearance;
    }

    /// <summary>Every delivered message the officer may read (alerts and actions), newest first.</summary>
    public IReadOnlyList<AlertRecord> Delivered(Officer officer) =>
        [.. ReadInbox(null).Where(a => MayRead(officer, options.Value.Agency, a))];

    public AlertRecord? Find(Officer officer, string envelopeId)
    {
        var found = ReadInbox(envelopeId).FirstOrDefault();
        return found is not null && MayRead(officer, options.Value.Agency, found) ? found : null;
    }

    /// <summary>How many messages the inbox holds: the live-update stream watches this.</summary>
    public long Count()
    {
        using var connection = Open();
        if (connection is null)
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM inbox";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Alerts and actions this agency sent, newest first, each with its routing and delivery receipts.</summary>
    public IReadOnlyList<SentRecord> Sent(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        if (!string.Equals(officer.Agency, options.Value.Agency, StringComparison.Ordinal))
        {
            return [];
        }

        using var connection = Open();
        if (connection is null)
        {
            return [];
        }

        var receipts = ReadReceipts(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT alert_id, received_at, alert_json, state, envelope_id, recipients, sent_at FROM outbox WHERE kind = 0 ORDER BY received_at DESC LIMIT $l";
        command.Parameters.AddWithValue("$l", Limit);
        using var reader = command.ExecuteReader();
        var rows = new List<SentRecord>();
        while (reader.Read())
        {
            if (JsonNode.Parse((byte[])reader[2]) is not JsonObject alert
                || !ClearanceNames.TryParse(AlertRecord.Str(alert, "classification"), out var level) || level > officer.Clearance)
            {
                continue;
            }

            var envelopeId = reader.IsDBNull(4) ? null : reader.GetString(4);
            rows.Add(new SentRecord
            {
                AlertId = Guid.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                Alert = alert,
                State = StateName(reader.GetInt32(3)),
                EnvelopeId = envelopeId,
                Recipients = reader.IsDBNull(5) ? null : reader.GetString(5),
                SentAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                Receipts = envelopeId is not null && receipts.TryGetValue(envelopeId, out var list) ? list : [],
            });
        }

        return rows;
    }

    private static string StateName(int state) => state switch
    {
        0 => "pending",
        1 => "sealed",
        2 => "sent",
        3 => "failed",
        _ => "unknown",
    };

    private static Dictionary<string, List<JsonObject>> ReadReceipts(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT envelope_id, agency_message FROM receipts ORDER BY received_at";
        using var reader = command.ExecuteReader();
        var map = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (JsonNode.Parse((byte[])reader[1]) is JsonObject receipt)
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

    private List<AlertRecord> ReadInbox(string? envelopeId)
    {
        using var connection = Open();
        if (connection is null)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = envelopeId is null
            ? "SELECT envelope_id, received_at, sender, kind, agency_message FROM inbox ORDER BY received_at DESC LIMIT $l"
            : "SELECT envelope_id, received_at, sender, kind, agency_message FROM inbox WHERE envelope_id = $id";
        command.Parameters.AddWithValue("$l", Limit);
        command.Parameters.AddWithValue("$id", envelopeId ?? string.Empty);
        using var reader = command.ExecuteReader();
        var rows = new List<AlertRecord>();
        while (reader.Read())
        {
            if (JsonNode.Parse((byte[])reader[4]) is JsonObject message
                && message["broker"] is JsonObject broker && message["alert"] is JsonObject alert)
            {
                rows.Add(new AlertRecord
                {
                    EnvelopeId = reader.GetString(0),
                    ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    Sender = reader.GetString(2),
                    Kind = reader.GetString(3),
                    Broker = broker,
                    Alert = alert,
                });
            }
        }

        return rows;
    }

    private SqliteConnection? Open()
    {
        var path = options.Value.GatewayStorePath;
        if (!File.Exists(path))
        {
            return null;
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA query_only = 1;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
