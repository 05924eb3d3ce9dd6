using Broker.Hub.Durability;

namespace Broker.Hub.Tests.Durability;

public sealed class GroupCommitQueueTests
{
    private static readonly int[] Results = [10, 20, 30, 40, 50, 60];
    private static readonly int[] BatchSizes = [1, 5];

    [Test]
    [CancelAfter(30_000)]
    public async Task EnqueueAsync_WhileACommitRuns_LaterItemsShareTheNextCommit(CancellationToken cancellationToken)
    {
        using var firstStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = new List<int>();
        var queue = new GroupCommitQueue<int, int>(items =>
        {
            lock (batches)
            {
                batches.Add(items.Count);
            }

            firstStarted.Set();
            release.Wait(cancellationToken);
            return [.. items.Select(i => i * 10)];
        }, maxBatch: 64);
        await using (queue)
        {
            var first = queue.EnqueueAsync(1, cancellationToken);
            firstStarted.Wait(cancellationToken);
            // The first commit is blocked: everything queued meanwhile goes into one second commit.
            var rest = Enumerable.Range(2, 5).Select(i => queue.EnqueueAsync(i, cancellationToken)).ToList();
            release.Set();
            var results = await Task.WhenAll(rest.Prepend(first));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(results, Is.EqualTo(Results));
                Assert.That(batches, Is.EqualTo(BatchSizes));
            }
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DisposeAsync_Twice_IsHarmlessAndLaterEnqueueIsRefused(CancellationToken cancellationToken)
    {
        var queue = new GroupCommitQueue<int, int>(items => [.. items], maxBatch: 8);
        var committed = await queue.EnqueueAsync(7, cancellationToken);

        await queue.DisposeAsync();
        await queue.DisposeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(committed, Is.EqualTo(7));
            Assert.That(() => queue.EnqueueAsync(8, cancellationToken), Throws.TypeOf<ObjectDisposedException>());
        }
    }
}
