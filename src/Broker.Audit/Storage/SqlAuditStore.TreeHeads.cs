using System.Data.Common;
using Broker.Protocol.Transparency;


namespace Broker.Audit.Storage;

public abstract partial class SqlAuditStore
{
    public async Task SaveTreeHeadAsync(SignedTreeHead head, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(head);
        await WriteAsync(
            async ct =>
            {
                await using var connection = await OpenAsync(ct).ConfigureAwait(false);
                await using var command = Command(connection, null, $"INSERT INTO {Prefix}audit_tree_heads (tree_size, ts, head) VALUES (@size, @ts, @head) ON CONFLICT DO NOTHING");
                Add(command, "@size", head.TreeSize);
                Add(command, "@ts", head.Timestamp.ToUnixTimeMilliseconds());
                Add(command, "@head", TreeHeadCodec.Encode(head));
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SignedTreeHead>> ReadTreeHeadsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT head FROM {Prefix}audit_tree_heads ORDER BY tree_size, ts");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var heads = new List<SignedTreeHead>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // A head that does not decode carries no checkable commitment, so it is skipped rather than trusted.
            if (TreeHeadCodec.TryDecode((byte[])reader.GetValue(0), out var head, out _))
            {
                heads.Add(head);
            }
        }

        return heads;
    }

    public async Task<SignedTreeHead?> LatestTreeHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT head FROM {Prefix}audit_tree_heads ORDER BY tree_size DESC, ts DESC LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] bytes && TreeHeadCodec.TryDecode(bytes, out var head, out _) ? head : null;
    }

    public async Task<byte[]?> GetEnvelopeAsync(string envelopeId, byte[] envelopeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopeHash);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT bytes FROM {Prefix}audit_archive WHERE envelope_hash = @hash AND envelope_id = @id");
        Add(command, "@hash", envelopeHash);
        Add(command, "@id", envelopeId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    public async Task<IReadOnlyList<byte[]>> FindEnvelopeHashesAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT envelope_hash FROM {Prefix}audit_archive WHERE envelope_id = @id ORDER BY envelope_hash");
        Add(command, "@id", envelopeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var hashes = new List<byte[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes.Add((byte[])reader.GetValue(0));
        }

        return hashes;
    }

    /// <summary>
    /// Moves rows of the archive of logs written before it was keyed by body hash (<c>audit_envelopes</c>, keyed by envelope id) into
    /// <c>audit_archive</c>, once, at start. Such a row may hold a body that failed verification in place of the routed one: the
    /// verifier then still names it (missing or altered) as before, nothing is hidden.
    /// </summary>
    private async Task MigrateLegacyArchiveAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(
            async ct =>
            {
                await using var connection = await OpenAsync(ct).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                var legacy = new List<ArchivedEnvelope>();
                await using (var select = Command(connection, transaction, $"SELECT envelope_id, bytes FROM {Prefix}audit_envelopes"))
                await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        legacy.Add(new ArchivedEnvelope(reader.GetString(0), (byte[])reader.GetValue(1)));
                    }
                }

                if (legacy.Count == 0)
                {
                    return;
                }

                foreach (var envelope in legacy)
                {
                    await InsertArchiveAsync(connection, transaction, envelope, ct).ConfigureAwait(false);
                }

                await using (var delete = Command(connection, transaction, $"DELETE FROM {Prefix}audit_envelopes"))
                {
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertArchiveAsync(DbConnection connection, DbTransaction transaction, ArchivedEnvelope envelope, CancellationToken cancellationToken)
    {
        // Same hash, same bytes: a second archive of one body (a redelivered message routed again) is a no-op.
        await using var insert = Command(connection, transaction, $"INSERT INTO {Prefix}audit_archive (envelope_hash, envelope_id, bytes) VALUES (@hash, @id, @bytes) ON CONFLICT DO NOTHING");
        Add(insert, "@hash", envelope.Hash);
        Add(insert, "@id", envelope.EnvelopeId);
        Add(insert, "@bytes", envelope.Bytes);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
