using Broker.Audit.Storage;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Sequencing;

public sealed partial class AuditSequencer
{
    /// <summary>
    /// The append loop, on a thread of its own: the store's commit blocks (SQLite has no truly asynchronous path), and on a
    /// two-core machine a commit parked on a thread-pool thread delays every message handler waiting for a thread.
    /// </summary>
    private static Task StartLoop(AuditSequencer sequencer)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                sequencer.Run();
                done.SetResult();
            }
#pragma warning disable CA1031 // Handed to whoever awaits the loop (DisposeAsync).
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "audit-sequencer" };
        thread.Start();
        return done.Task;
    }

    private void Run()
    {
        var batch = new List<Pending>(_options.MaxBatch);
        // Blocking waits are the point here: this thread does nothing else.
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
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

            WriteBatchAsync(batch).GetAwaiter().GetResult();
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
