using Npgsql;

namespace Broker.Hub.Claims;

/// <summary>
/// The envelope claims in one PostgreSQL table shared by hub instances on several machines. A claim inserts the id
/// (ON CONFLICT DO NOTHING) and otherwise locks the existing row (SELECT ... FOR UPDATE) in one transaction.
/// </summary>
public sealed class PostgresEnvelopeClaims : IEnvelopeClaims, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresEnvelopeClaims(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        using var command = _dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS envelope_claims(
              envelope_id text PRIMARY KEY, body_hash bytea NOT NULL, retain_until timestamptz NOT NULL,
              completed boolean NOT NULL, owner text NOT NULL, updated timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS envelope_claims_retain ON envelope_claims(retain_until);
            """);
        command.ExecuteNonQuery();
    }

    public async ValueTask<ClaimResult> TryClaimAsync(EnvelopeClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO envelope_claims(envelope_id, body_hash, retain_until, completed, owner, updated)
            VALUES(@id, @hash, @retain, false, @owner, @now) ON CONFLICT (envelope_id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", claim.EnvelopeId);
        insert.Parameters.AddWithValue("hash", claim.BodyHash);
        insert.Parameters.AddWithValue("retain", claim.RetainUntil.UtcDateTime);
        insert.Parameters.AddWithValue("owner", claim.Owner);
        insert.Parameters.AddWithValue("now", claim.Now.UtcDateTime);
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return ClaimResult.Claimed;
        }

        await using var select = new NpgsqlCommand(
            "SELECT body_hash, completed FROM envelope_claims WHERE envelope_id = @id FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue("id", claim.EnvelopeId);
        ClaimResult result;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? ClaimRules.Decide(claim, (byte[])reader[0], reader.GetBoolean(1))
                : ClaimResult.Replayed;
        }

        if (result == ClaimResult.Claimed)
        {
            await using var update = new NpgsqlCommand("UPDATE envelope_claims SET owner = @owner, updated = @now WHERE envelope_id = @id", connection, transaction);
            update.Parameters.AddWithValue("id", claim.EnvelopeId);
            update.Parameters.AddWithValue("owner", claim.Owner);
            update.Parameters.AddWithValue("now", claim.Now.UtcDateTime);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async ValueTask CompleteAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("UPDATE envelope_claims SET completed = true WHERE envelope_id = @id");
        command.Parameters.AddWithValue("id", envelopeId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM envelope_claims WHERE retain_until < @now");
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
