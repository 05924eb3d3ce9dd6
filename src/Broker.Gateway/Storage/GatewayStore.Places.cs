namespace Broker.Gateway.Storage;

/// <summary>
/// The lookups the inbound checks use to decide whether a message is in its place (protocols/case-alert.md, "What the
/// receiving gateway checks"): what this agency sent and to whom, and what it received from whom. Every lookup is by
/// indexed key over the whole store, never over a window of recent rows.
/// </summary>
internal sealed partial class GatewayStore
{
    /// <summary>
    /// The recipients (<c>RU-MVD:0 MY-PDRM:1</c>) of the alert or action this agency sent with alert id
    /// <paramref name="alertId"/> (agency-system content only, not delivery receipts), or null when it sent none.
    /// An entry not yet sealed has no recipients: the empty string.
    /// </summary>
    public async Task<string?> SentRecipientsAsync(string alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(recipients, '') FROM outbox WHERE kind = 0 AND alert_id = $id";
        command.Parameters.AddWithValue("$id", alertId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>The recipients of the envelope this agency sealed with id <paramref name="envelopeId"/> (any outbox kind), or null.</summary>
    public async Task<string?> SentEnvelopeRecipientsAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(recipients, '') FROM outbox WHERE envelope_id = $id";
        command.Parameters.AddWithValue("$id", envelopeId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Whether this agency received the alert <paramref name="alertId"/> (not an action) signed by <paramref name="sender"/>.</summary>
    public async Task<bool> ReceivedAlertFromAsync(string alertId, string sender, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM inbox WHERE alert_id = $id AND sender = $sender AND action_kind IS NULL LIMIT 1";
        command.Parameters.AddWithValue("$id", alertId);
        command.Parameters.AddWithValue("$sender", sender);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>
    /// Whether this agency sent the request action <paramref name="requestId"/> (<c>request-evidence-use</c> or
    /// <c>request-onward-sharing</c>) about the alert <paramref name="alertId"/>, to <paramref name="originator"/>.
    /// </summary>
    public async Task<bool> SentRequestAsync(string requestId, string alertId, string originator, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT COALESCE(recipients, '') FROM outbox
            WHERE kind = 0 AND alert_id = $id AND {OutboxInReplyTo} = $alert
              AND json_extract(CAST(alert_json AS TEXT), '$.action.kind') IN ('request-evidence-use', 'request-onward-sharing')
            """;
        command.Parameters.AddWithValue("$id", requestId);
        command.Parameters.AddWithValue("$alert", alertId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string recipients && Names(recipients, originator);
    }

    /// <summary>Whether a recipients column (<c>RU-MVD:0 MY-PDRM:1</c>) names <paramref name="agency"/>.</summary>
    public static bool Names(string recipients, string agency)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        return recipients.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => string.Equals(r.Split(':')[0], agency, StringComparison.Ordinal));
    }
}
