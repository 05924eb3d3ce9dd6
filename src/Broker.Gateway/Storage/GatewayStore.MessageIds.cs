using Microsoft.Data.Sqlite;

namespace Broker.Gateway.Storage;

/// <summary>What the store already knew of an agency system's <c>message_id</c> (protocols/amqp.md §2.1).</summary>
internal enum MessageIdClaim
{
    /// <summary>First seen now: claimed for this body.</summary>
    New,

    /// <summary>Seen before with the same body: a retry, handled as a duplicate.</summary>
    SameContent,

    /// <summary>Seen before with another body: the id is reused, the message is refused.</summary>
    DifferentContent,
}

/// <summary>The agency system's ids of an alert this gateway accepted: its <c>message_id</c> and the id to correlate replies with.</summary>
internal sealed record AlertOrigin(string MessageId, string CorrelationId);

internal sealed partial class GatewayStore
{
    private const string MessageIdsSchema = """
        CREATE TABLE IF NOT EXISTS outbound_message_ids (
            message_id TEXT PRIMARY KEY,
            body_sha256 BLOB NOT NULL,
            alert_id TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            received_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS outbound_message_ids_alert ON outbound_message_ids (alert_id);
        """;

    /// <summary>
    /// Claims <paramref name="messageId"/> for a body with hash <paramref name="bodySha256"/>, or says who holds it. One
    /// statement inserts, so two handlers racing on one id cannot both win; the loser reads the winner's hash.
    /// </summary>
    public async Task<MessageIdClaim> ClaimMessageIdAsync(
        string messageId, byte[] bodySha256, Guid alertId, string correlationId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bodySha256);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT OR IGNORE INTO outbound_message_ids (message_id, body_sha256, alert_id, correlation_id, received_at)
            VALUES ($mid, $hash, $aid, $cid, $now)
            """;
        insert.Parameters.AddWithValue("$mid", messageId);
        insert.Parameters.AddWithValue("$hash", bodySha256);
        insert.Parameters.AddWithValue("$aid", Key(alertId));
        insert.Parameters.AddWithValue("$cid", correlationId);
        insert.Parameters.AddWithValue("$now", Ms(now));
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return MessageIdClaim.New;
        }

        await using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT body_sha256 FROM outbound_message_ids WHERE message_id = $mid";
        probe.Parameters.AddWithValue("$mid", messageId);
        var held = await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        return held is not null && held.AsSpan().SequenceEqual(bodySha256) ? MessageIdClaim.SameContent : MessageIdClaim.DifferentContent;
    }

    /// <summary>The agency system's ids of the alert that was sealed as <paramref name="envelopeId"/>, or null (not ours, or sent before ids were kept).</summary>
    public async Task<AlertOrigin?> FindOriginByEnvelopeAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.message_id, m.correlation_id FROM outbox o JOIN outbound_message_ids m ON m.alert_id = o.alert_id
            WHERE o.envelope_id = $eid ORDER BY m.received_at LIMIT 1
            """;
        command.Parameters.AddWithValue("$eid", envelopeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new AlertOrigin(reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>The agency system's ids of an accepted alert, or null.</summary>
    public async Task<AlertOrigin?> FindOriginByAlertAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id, correlation_id FROM outbound_message_ids WHERE alert_id = $aid ORDER BY received_at LIMIT 1";
        command.Parameters.AddWithValue("$aid", Key(alertId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new AlertOrigin(reader.GetString(0), reader.GetString(1)) : null;
    }

    private static async Task EnsureMessageIdsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = MessageIdsSchema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
