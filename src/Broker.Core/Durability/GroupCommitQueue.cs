using System.Threading.Channels;

namespace Broker.Core.Durability;

/// <summary>
/// Group commit: callers enqueue items and await their result; one loop takes everything waiting (up to a cap) and
/// commits it in one go (one transaction, one fsync, one signature). Under load batches grow, so the per-item cost of the
/// expensive step falls; alone, an item is committed at once. A failed commit fails every item of that batch.
/// </summary>
internal sealed class GroupCommitQueue<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _pending =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> _commit;
    private readonly int _maxBatch;
    private readonly Task _loop;

    public GroupCommitQueue(Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> commit, int maxBatch)
    {
        _commit = commit;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    public Task<TResult> EnqueueAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!_pending.Writer.TryWrite((item, done)), this);

        // The item may still be committed after a cancellation; callers treat cancellation as "unknown, retry".
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(_maxBatch);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                var results = _commit(batch.ConvertAll(static e => e.Item));
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var entry in batch)
                {
                    entry.Done.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
