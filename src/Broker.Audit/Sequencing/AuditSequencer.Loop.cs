using Broker.Audit.Entries;
using Broker.Audit.Merkle;
using Broker.Audit.Storage;

namespace Broker.Audit.Sequencing;

public sealed partial class AuditSequencer
{
    private async Task RunAsync()
    {
        var batch = new List<Pending>(_options.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (_fault is not null)
            {
                Fail(batch, new InvalidOperationException("The audit sequencer stopped after a store failure and accepts no more entries.", _fault));
                continue;
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        var first = Size;
        var now = _time.GetUtcNow();
        var stored = new List<StoredEntry>(batch.Count);
        var archives = new List<ArchivedEnvelope>();
        for (var i = 0; i < batch.Count; i++)
        {
            var bytes = AuditEntryCodec.Encode(new AuditEntry(first + i, now, batch[i].Record));
            stored.Add(new StoredEntry(first + i, bytes, MerkleHash.Leaf(bytes)));
            if (batch[i].Archive is { } archive)
            {
                archives.Add(archive);
            }
        }

        try
        {
            await _store.AppendAsync(stored, archives, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AuditStoreConflictException e)
        {
            _fault = e;
            Fail(batch, e);
            return;
        }
#pragma warning disable CA1031 // Any other store failure is handed to the callers of this batch; the next batch retries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(batch, e);
            return;
        }

        lock (_treeLock)
        {
            foreach (var entry in stored)
            {
                _tree.Append(entry.LeafHash);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(new AppendedEntry(stored[i].Index, stored[i].LeafHash, now));
        }
    }

    private static void Fail(List<Pending> batch, Exception error)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(error);
        }
    }
}
