using Broker.Protocol.Transparency;


namespace Broker.Audit.Storage;

/// <summary>An entry as stored: its index, its canonical bytes and the RFC 9162 leaf hash of those bytes.</summary>
public sealed record StoredEntry(long Index, byte[] Entry, byte[] LeafHash);

/// <summary>
/// A sealed envelope exactly as received, still encrypted; the log's EnvelopeReceived entry carries its hash. The archive is keyed by
/// that hash (protocols/audit-log.md §6): two bodies claiming one envelope id are two rows, so a body that failed verification can
/// neither occupy an id nor shadow the envelope the hub routed under it.
/// </summary>
public sealed record ArchivedEnvelope(string EnvelopeId, byte[] Bytes)
{
    /// <summary>SHA-256 of <see cref="Bytes"/>, the archive's key and the hash the EnvelopeReceived entry records.</summary>
    public byte[] Hash { get; } = System.Security.Cryptography.SHA256.HashData(Bytes);
}

/// <summary>
/// Durable storage of the audit log: entries, signed tree heads and archived envelopes. Appends are all-or-nothing and must
/// continue the log exactly (the first new index equals the current count), so two writers cannot both extend it: the loser
/// gets <see cref="AuditStoreConflictException"/>. Stores do not judge content; the verifier does.
/// </summary>
public interface IAuditStore : IAsyncDisposable
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>The number of entries (one past the highest index when nothing was removed).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    Task AppendAsync(IReadOnlyList<StoredEntry> entries, IReadOnlyList<ArchivedEnvelope> envelopes, CancellationToken cancellationToken = default);

    /// <summary>Entries with start &lt;= index &lt; start + count, in index order, as they are in storage (gaps included).</summary>
    IAsyncEnumerable<StoredEntry> ReadEntriesAsync(long start, long count, CancellationToken cancellationToken = default);

    Task<long?> FindIndexByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken = default);

    Task SaveTreeHeadAsync(SignedTreeHead head, CancellationToken cancellationToken = default);

    /// <summary>The stored tree head with the largest size (the latest of those), or null.</summary>
    Task<SignedTreeHead?> LatestTreeHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored tree head, by tree size then time.</summary>
    Task<IReadOnlyList<SignedTreeHead>> ReadTreeHeadsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The archived body stored under <paramref name="envelopeHash"/> (the hash an EnvelopeReceived entry records) for
    /// <paramref name="envelopeId"/>, or null. The bytes are returned as stored: the caller re-hashes them to detect tampering.
    /// </summary>
    Task<byte[]?> GetEnvelopeAsync(string envelopeId, byte[] envelopeHash, CancellationToken cancellationToken = default);

    /// <summary>The SHA-256 keys of every archived body claiming <paramref name="envelopeId"/> (usually one), in key order.</summary>
    Task<IReadOnlyList<byte[]>> FindEnvelopeHashesAsync(string envelopeId, CancellationToken cancellationToken = default);
}

/// <summary>Another writer extended the log first; this sequencer's view is stale and it must stop.</summary>
public sealed class AuditStoreConflictException : Exception
{
    public AuditStoreConflictException()
        : base("Another writer appended to the audit log; only one sequencer may append.")
    {
    }

    public AuditStoreConflictException(string message)
        : base(message)
    {
    }

    public AuditStoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
