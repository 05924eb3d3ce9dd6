using System.Globalization;

namespace Broker.Gateway.Storage;

internal sealed partial class GatewayStore
{
    /// <summary>
    /// Stores a delivery unless its envelope id is already there. A duplicate reports whether the agency system already has
    /// it, so a crash between storing and publishing still ends in exactly one publish.
    /// </summary>
    public async Task<InboxAddResult> TryAddInboxAsync(InboxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var inserted = await ExecuteAsync(
            """
            INSERT OR IGNORE INTO inbox (envelope_id, received_at, sender, kind, envelope, view_json, header_json, verification, withheld, agency_message, published, violation, alert_id, thread_of, action_kind)
            VALUES ($id, $at, $sender, $kind, $env, $view, $header, $verification, $withheld, $msg, 0, $violation, $alert, $thread, $action)
            """,
            p =>
            {
                p.AddWithValue("$id", entry.EnvelopeId);
                p.AddWithValue("$at", Ms(entry.ReceivedAt));
                p.AddWithValue("$sender", entry.Sender);
                p.AddWithValue("$kind", entry.Kind);
                p.AddWithValue("$env", entry.Envelope);
                p.AddWithValue("$view", entry.ViewJson);
                p.AddWithValue("$header", entry.HeaderJson);
                p.AddWithValue("$verification", entry.Verification);
                p.AddWithValue("$withheld", entry.Withheld);
                p.AddWithValue("$msg", entry.AgencyMessage);
                p.AddWithValue("$violation", (object?)entry.Violation ?? DBNull.Value);
                p.AddWithValue("$alert", (object?)entry.AlertId ?? DBNull.Value);
                p.AddWithValue("$thread", (object?)entry.ThreadOf ?? DBNull.Value);
                p.AddWithValue("$action", (object?)entry.ActionKind ?? DBNull.Value);
            },
            cancellationToken).ConfigureAwait(false);
        if (inserted == 1)
        {
            return InboxAddResult.Added;
        }

        var published = await ScalarAsync("SELECT published FROM inbox WHERE envelope_id = $id", entry.EnvelopeId, cancellationToken).ConfigureAwait(false);
        return published == 1 ? InboxAddResult.DuplicatePublished : InboxAddResult.DuplicateUnpublished;
    }

    /// <summary>The message stored for the agency system (so a republish sends the same bytes), or null.</summary>
    public async Task<byte[]?> FindInboxMessageAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT agency_message FROM inbox WHERE envelope_id = $id";
        command.Parameters.AddWithValue("$id", envelopeId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <summary>
    /// Records that a publish to the agency system is about to start and returns how many had started before. A non-zero
    /// count means an earlier attempt may have reached the agency system (crash between its confirm and our commit).
    /// </summary>
    public async Task<int> BeginInboxPublishAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        var before = await ScalarAsync("SELECT publish_attempts FROM inbox WHERE envelope_id = $id", envelopeId, cancellationToken).ConfigureAwait(false) ?? 0;
        await ExecuteAsync("UPDATE inbox SET publish_attempts = publish_attempts + 1 WHERE envelope_id = $id", p => p.AddWithValue("$id", envelopeId), cancellationToken)
            .ConfigureAwait(false);
        return (int)before;
    }

    public Task MarkInboxPublishedAsync(string envelopeId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE inbox SET published = 1 WHERE envelope_id = $id", p => p.AddWithValue("$id", envelopeId), cancellationToken);

    public async Task<int> CountInboxAsync(CancellationToken cancellationToken = default) =>
        (int)(await ScalarAsync("SELECT COUNT(*) FROM inbox", string.Empty, cancellationToken).ConfigureAwait(false) ?? 0);

    /// <summary>The data-class violation recorded for a delivered envelope, or null when it conformed (or is unknown).</summary>
    public async Task<string?> FindInboxViolationAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT violation FROM inbox WHERE envelope_id = $id";
        command.Parameters.AddWithValue("$id", envelopeId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Stores a routing receipt unless already there; same duplicate semantics as the inbox.</summary>
    public async Task<InboxAddResult> TryAddReceiptAsync(
        string receiptId, string envelopeId, byte[] body, byte[] agencyMessage, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var inserted = await ExecuteAsync(
            "INSERT OR IGNORE INTO receipts (receipt_id, received_at, envelope_id, body, agency_message, published) VALUES ($id, $at, $eid, $body, $msg, 0)",
            p =>
            {
                p.AddWithValue("$id", receiptId);
                p.AddWithValue("$at", Ms(now));
                p.AddWithValue("$eid", envelopeId);
                p.AddWithValue("$body", body);
                p.AddWithValue("$msg", agencyMessage);
            },
            cancellationToken).ConfigureAwait(false);
        if (inserted == 1)
        {
            return InboxAddResult.Added;
        }

        var published = await ScalarAsync("SELECT published FROM receipts WHERE receipt_id = $id", receiptId, cancellationToken).ConfigureAwait(false);
        return published == 1 ? InboxAddResult.DuplicatePublished : InboxAddResult.DuplicateUnpublished;
    }

    public Task MarkReceiptPublishedAsync(string receiptId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE receipts SET published = 1 WHERE receipt_id = $id", p => p.AddWithValue("$id", receiptId), cancellationToken);

    /// <summary>Keeps a delivery the gateway refused (bad envelope, unknown type) for the operator, with its reason code.</summary>
    public Task AddRefusedAsync(string? messageId, string? amqpType, string reason, byte[] body, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "INSERT INTO refused (received_at, message_id, amqp_type, reason, body) VALUES ($at, $mid, $type, $reason, $body)",
            p =>
            {
                p.AddWithValue("$at", Ms(now));
                p.AddWithValue("$mid", (object?)messageId ?? DBNull.Value);
                p.AddWithValue("$type", (object?)amqpType ?? DBNull.Value);
                p.AddWithValue("$reason", reason);
                p.AddWithValue("$body", body);
            },
            cancellationToken);

    public async Task<IReadOnlyList<string>> RefusedReasonsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason FROM refused ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var reasons = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reasons.Add(reader.GetString(0));
        }

        return reasons;
    }

    private async Task<long?> ScalarAsync(string sql, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
