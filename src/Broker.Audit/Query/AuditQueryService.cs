using Broker.Audit.Merkle;
using Broker.Audit.Storage;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Query;

/// <summary>An inclusion proof: leaf <see cref="Index"/> of the tree of <see cref="TreeSize"/> entries.</summary>
public sealed record InclusionProof(long Index, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Path);

/// <summary>A consistency proof between the trees of <see cref="First"/> and <see cref="Second"/> entries.</summary>
public sealed record ConsistencyProof(long First, long Second, IReadOnlyList<byte[]> Path);

/// <summary>An archive lookup: the body found (or null) and the SHA-256 keys considered; several keys and no body = ambiguous id.</summary>
public sealed record ArchiveLookup(byte[]? Bytes, IReadOnlyList<byte[]> Hashes)
{
    public bool Ambiguous => Bytes is null && Hashes.Count > 1;
}

/// <summary>
/// What the auditor API serves, read-only over the store: tree heads, proofs, entries and archived (still sealed) envelopes.
/// It keeps its own Merkle tree of the stored leaf hashes and catches up with the sequencer on each call, so it can run in any
/// hub instance. It does not vouch for the store: auditors check everything it returns against signed tree heads.
/// </summary>
public sealed class AuditQueryService(IAuditStore store) : IDisposable
{
    public const int MaxEntriesPerPage = 1000;

    private readonly MerkleTree _tree = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<SignedTreeHead?> GetLatestTreeHeadAsync(CancellationToken cancellationToken = default) =>
        store.LatestTreeHeadAsync(cancellationToken);

    /// <summary>PROOF(first, D[second]); null when <paramref name="second"/> is beyond the log or the sizes are out of order.</summary>
    public async Task<ConsistencyProof?> GetConsistencyProofAsync(long first, long second, CancellationToken cancellationToken = default)
    {
        return await WithTreeAsync(tree => first < 0 || first > second || second > tree.Size
            ? null
            : new ConsistencyProof(first, second, tree.ConsistencyProof(first, second)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inclusion proof of the entry with <paramref name="leafHash"/> in the tree of <paramref name="treeSize"/> entries, or null.</summary>
    public async Task<InclusionProof?> GetInclusionProofAsync(byte[] leafHash, long treeSize, CancellationToken cancellationToken = default)
    {
        var index = await store.FindIndexByLeafHashAsync(leafHash, cancellationToken).ConfigureAwait(false);
        return await WithTreeAsync(tree => index is not { } i || i >= treeSize || treeSize > tree.Size
            ? null
            : new InclusionProof(i, treeSize, tree.LeafHash(i), tree.InclusionProof(i, treeSize)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredEntry>> GetEntriesAsync(long start, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        var entries = new List<StoredEntry>();
        await foreach (var entry in store.ReadEntriesAsync(start, Math.Clamp(count, 0, MaxEntriesPerPage), cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// The archived body with SHA-256 <paramref name="envelopeHash"/> (as an EnvelopeReceived entry records it); without a hash, the
    /// body archived under <paramref name="envelopeId"/> when there is exactly one. <see cref="ArchiveLookup.Ambiguous"/> lists the
    /// hashes when several bodies claim the id (one routed, others refused), so the caller names one instead of being handed either.
    /// </summary>
    public async Task<ArchiveLookup> GetArchivedEnvelopeAsync(string envelopeId, byte[]? envelopeHash = null, CancellationToken cancellationToken = default)
    {
        if (envelopeHash is null)
        {
            var hashes = await store.FindEnvelopeHashesAsync(envelopeId, cancellationToken).ConfigureAwait(false);
            if (hashes.Count != 1)
            {
                return new ArchiveLookup(null, hashes);
            }

            envelopeHash = hashes[0];
        }

        return new ArchiveLookup(await store.GetEnvelopeAsync(envelopeId, envelopeHash, cancellationToken).ConfigureAwait(false), [envelopeHash]);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<T> WithTreeAsync<T>(Func<MerkleTree, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var entry in store.ReadEntriesAsync(_tree.Size, long.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Index != _tree.Size)
                {
                    throw new InvalidOperationException($"The audit store has a gap at index {_tree.Size}.");
                }

                _tree.Append(entry.LeafHash);
            }

            return read(_tree);
        }
        finally
        {
            _gate.Release();
        }
    }
}
