using System.Globalization;

namespace Broker.Gateway.Storage;

/// <summary>A delivered alert as listed by the read API (no content).</summary>
internal sealed record InboxSummary(string EnvelopeId, string Sender, string Kind, DateTimeOffset ReceivedAt, bool Published, string Withheld);

/// <summary>A sent (or sending) alert as listed by the read API (no content).</summary>
internal sealed record OutboxSummary(Guid AlertId, string Kind, string State, string? EnvelopeId, string? Recipients, int Attempts, DateTimeOffset ReceivedAt, DateTimeOffset? SentAt, string? LastError);

internal sealed partial class GatewayStore
{
    public async Task<IReadOnlyList<InboxSummary>> ListInboxAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT envelope_id, sender, kind, received_at, published, withheld FROM inbox ORDER BY received_at DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<InboxSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new InboxSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), At(reader.GetInt64(3)), reader.GetInt32(4) == 1, reader.GetString(5)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<OutboxSummary>> ListOutboxAsync(int limit, CancellationToken cancellationToken = default)
    {
        var rows = await QueryOutboxAsync(
            $"SELECT {OutboxColumns} FROM outbox ORDER BY received_at DESC LIMIT $limit", p => p.AddWithValue("$limit", limit), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new OutboxSummary(
            r.AlertId, r.Kind == OutboxKind.Alert ? "alert" : "delivery-receipt", r.State.ToString().ToLower(CultureInfo.InvariantCulture), r.EnvelopeId, r.Recipients, r.Attempts, r.ReceivedAt, r.SentAt, r.LastError))];
    }
}
