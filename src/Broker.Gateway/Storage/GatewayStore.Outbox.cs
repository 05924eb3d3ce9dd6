using Microsoft.Data.Sqlite;

namespace Broker.Gateway.Storage;

internal sealed partial class GatewayStore
{
    private const string OutboxColumns =
        "alert_id, received_at, alert_json, state, envelope_id, envelope, recipients, attempts, next_attempt_at, last_error, sent_at, kind, policy_versions";

    /// <summary>Stores a validated alert as <see cref="OutboxState.Pending"/>. False when the alert id is already in the outbox (a redelivery).</summary>
    public Task<bool> TryEnqueueAsync(Guid alertId, ReadOnlyMemory<byte> alertJson, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        TryEnqueueAsync(alertId, alertJson, now, OutboxKind.Alert, cancellationToken);

    /// <summary>Stores an entry of <paramref name="kind"/> as <see cref="OutboxState.Pending"/>; false when its key is already there.</summary>
    public async Task<bool> TryEnqueueAsync(Guid alertId, ReadOnlyMemory<byte> alertJson, DateTimeOffset now, OutboxKind kind, CancellationToken cancellationToken = default)
    {
        var inserted = await ExecuteAsync(
            "INSERT OR IGNORE INTO outbox (alert_id, received_at, alert_json, state, next_attempt_at, kind) VALUES ($id, $now, $json, 0, $now, $kind)",
            p =>
            {
                p.AddWithValue("$kind", (int)kind);
                p.AddWithValue("$id", Key(alertId));
                p.AddWithValue("$now", Ms(now));
                p.AddWithValue("$json", alertJson.ToArray());
            },
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <summary>Pending or sealed entries whose next attempt is due, oldest first.</summary>
    public Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        QueryOutboxAsync(
            $"SELECT {OutboxColumns} FROM outbox WHERE state IN (0, 1) AND next_attempt_at <= $now ORDER BY received_at LIMIT $limit",
            p =>
            {
                p.AddWithValue("$now", Ms(now));
                p.AddWithValue("$limit", limit);
            },
            cancellationToken);

    public async Task<OutboxEntry?> FindOutboxAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryOutboxAsync(
            $"SELECT {OutboxColumns} FROM outbox WHERE alert_id = $id", p => p.AddWithValue("$id", Key(alertId)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<int> CountOutboxAsync(OutboxState state, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE state = $state";
        command.Parameters.AddWithValue("$state", (int)state);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Pending → Sealed, storing the envelope once with the sharing-policy versions that decided its recipients (space-separated
    /// <c>CC:vN:sha256</c>). False when the entry was not pending (already sealed: keep the first envelope).
    /// </summary>
    public async Task<bool> MarkSealedAsync(Guid alertId, string envelopeId, byte[] envelope, string recipients, string? policyVersions = null, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE outbox SET state = 1, envelope_id = $eid, envelope = $env, recipients = $rcpt, policy_versions = $pv WHERE alert_id = $id AND state = 0",
            p =>
            {
                p.AddWithValue("$id", Key(alertId));
                p.AddWithValue("$eid", envelopeId);
                p.AddWithValue("$env", envelope);
                p.AddWithValue("$rcpt", recipients);
                p.AddWithValue("$pv", (object?)policyVersions ?? DBNull.Value);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Sealed → Sent, after the publisher confirm. False when the entry was not sealed.</summary>
    public async Task<bool> MarkSentAsync(Guid alertId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE outbox SET state = 2, sent_at = $now, last_error = NULL WHERE alert_id = $id AND state = 1",
            p =>
            {
                p.AddWithValue("$id", Key(alertId));
                p.AddWithValue("$now", Ms(now));
            },
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Records a transient failure; the entry stays in its state and is retried at <paramref name="nextAttemptAt"/>.</summary>
    public Task RecordAttemptFailedAsync(Guid alertId, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $err, next_attempt_at = $next WHERE alert_id = $id AND state IN (0, 1)",
            p =>
            {
                p.AddWithValue("$id", Key(alertId));
                p.AddWithValue("$err", error);
                p.AddWithValue("$next", Ms(nextAttemptAt));
            },
            cancellationToken);

    /// <summary>Pending or Sealed → Failed (final). False when the entry had already been sent or failed.</summary>
    public async Task<bool> MarkFailedAsync(Guid alertId, string error, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE outbox SET state = 3, last_error = $err WHERE alert_id = $id AND state IN (0, 1)",
            p =>
            {
                p.AddWithValue("$id", Key(alertId));
                p.AddWithValue("$err", error);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>The alert an envelope id was sealed for, or null.</summary>
    public async Task<Guid?> FindAlertIdByEnvelopeAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryOutboxAsync(
            $"SELECT {OutboxColumns} FROM outbox WHERE envelope_id = $eid", p => p.AddWithValue("$eid", envelopeId), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0].AlertId;
    }

    private async Task<IReadOnlyList<OutboxEntry>> QueryOutboxAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new OutboxEntry
            {
                AlertId = Guid.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
                ReceivedAt = At(reader.GetInt64(1)),
                AlertJson = (byte[])reader[2],
                State = (OutboxState)reader.GetInt32(3),
                EnvelopeId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Envelope = reader.IsDBNull(5) ? null : (byte[])reader[5],
                Recipients = reader.IsDBNull(6) ? null : reader.GetString(6),
                Attempts = reader.GetInt32(7),
                NextAttemptAt = At(reader.GetInt64(8)),
                LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
                SentAt = reader.IsDBNull(10) ? null : At(reader.GetInt64(10)),
                Kind = (OutboxKind)reader.GetInt32(11),
                PolicyVersions = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return rows;
    }

    private static string Key(Guid id) => id.ToString("D");
}
