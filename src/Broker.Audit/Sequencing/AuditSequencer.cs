using System.Security.Cryptography;
using System.Threading.Channels;
using Broker.Audit.Merkle;
using Broker.Audit.Storage;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Sequencing;

/// <summary>
/// The single writer of the audit log. Callers from any thread (or, through the audit queue, any hub instance) hand it records;
/// one loop drains them in batches, gives each the next index and the sequencer's time, writes the batch in one store
/// transaction and only then extends its Merkle tree, so a tree head never covers an entry that is not durable.
/// If the store reports another writer, the sequencer faults and refuses further appends rather than fork the log.
/// </summary>
public sealed partial class AuditSequencer : IAsyncDisposable
{
    private readonly IAuditStore _store;
    private readonly ITreeHeadSigner _signer;
    private readonly TimeProvider _time;
    private readonly AuditSequencerOptions _options;
    private readonly MerkleTree _tree = new();
    private readonly Lock _treeLock = new();
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private volatile Exception? _fault;

    private AuditSequencer(IAuditStore store, ITreeHeadSigner signer, TimeProvider time, AuditSequencerOptions options)
    {
        _store = store;
        _signer = signer;
        _time = time;
        _options = options;
    }

    /// <summary>Loads the leaf hashes already in the store and starts the append loop (and the tree-head timer, if configured).</summary>
    public static async Task<AuditSequencer> StartAsync(IAuditStore store, ITreeHeadSigner signer, TimeProvider time, AuditSequencerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(time);
        var sequencer = new AuditSequencer(store, signer, time, options ?? AuditSequencerOptions.Default);
        await foreach (var stored in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Index != sequencer._tree.Size)
            {
                throw new InvalidOperationException($"The audit store has a gap at index {sequencer._tree.Size}; run 'broker audit verify' before appending.");
            }

            sequencer._tree.Append(stored.LeafHash);
        }

        var heads = await store.ReadTreeHeadsAsync(cancellationToken).ConfigureAwait(false);
        var latest = heads.LastOrDefault(h => h.TreeSize <= sequencer._tree.Size);
        if (latest is not null && !latest.RootHash.AsSpan().SequenceEqual(sequencer._tree.RootHash(latest.TreeSize)))
        {
            throw new InvalidOperationException($"The stored tree head of size {latest.TreeSize} does not match the stored entries; run 'broker audit verify' before appending.");
        }

        sequencer._latest = latest;
        sequencer._loop = StartLoop(sequencer);
        sequencer.StartTimer();
        return sequencer;
    }

    /// <summary>True once the store reported another writer: the sequencer refuses every further append (health reports it).</summary>
    public bool IsFaulted => _fault is not null;

    /// <summary>Entries durably appended so far.</summary>
    public long Size
    {
        get
        {
            lock (_treeLock)
            {
                return _tree.Size;
            }
        }
    }

    /// <summary>
    /// Appends one record; for <see cref="EnvelopeReceived"/>, pass the sealed envelope to archive it in the same transaction.
    /// Records submitted one after another land in that order. Cancelling stops the wait only: a record already handed over may
    /// still be appended.
    /// </summary>
    public Task<AppendedEntry> AppendAsync(AuditRecord record, ReadOnlyMemory<byte> sealedEnvelope = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArchivedEnvelope? archive = null;
        if (record is EnvelopeReceived received && !sealedEnvelope.IsEmpty)
        {
            if (!SHA256.HashData(sealedEnvelope.Span).AsSpan().SequenceEqual(received.EnvelopeHash))
            {
                throw new ArgumentException("The sealed envelope does not match the hash in its EnvelopeReceived record.", nameof(sealedEnvelope));
            }

            archive = new ArchivedEnvelope(received.EnvelopeId, sealedEnvelope.ToArray());
        }
        else if (!sealedEnvelope.IsEmpty)
        {
            throw new ArgumentException("Only an EnvelopeReceived record archives an envelope.", nameof(sealedEnvelope));
        }

        if (_fault is not null)
        {
            throw new InvalidOperationException("The audit sequencer stopped after a store failure and accepts no more entries.", _fault);
        }

        var pending = new Pending(record, archive, new TaskCompletionSource<AppendedEntry>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The audit sequencer is shut down.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _timer?.Dispose();
        _stopping.Dispose();
        _publishGate.Dispose();
    }

    private sealed record Pending(AuditRecord Record, ArchivedEnvelope? Archive, TaskCompletionSource<AppendedEntry> Completion);
}
