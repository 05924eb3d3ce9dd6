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

    public async Task<byte[]?> GetEnvelopeAsync(string envelopeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT bytes FROM {Prefix}audit_envelopes WHERE envelope_id = @id");
        Add(command, "@id", envelopeId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }
}
