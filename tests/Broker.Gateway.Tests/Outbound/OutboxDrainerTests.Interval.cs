using Broker.Gateway.Storage;
using Broker.Testing;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>The drainer's idle poll runs on its injected clock, so the interval is tested without waiting for it.</summary>
public partial class OutboxDrainerTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task ExecuteAsync_EntryStoredWithoutWakeUp_WaitsForTheIntervalOnTheClockThenPublishes(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMinutes(1);
        var clock = new WatchedTimeProvider(Samples.Now);
        _time = clock;
        using var drainer = Drainer(_hub, o => o.DrainIntervalMilliseconds = (int)interval.TotalMilliseconds);
        var idle = clock.NextTimerAsync(interval, cancellationToken);
        await drainer.StartAsync(cancellationToken);
        try
        {
            await idle; // the first pass found nothing and the drainer waits for a wake-up or the interval
            var ids = await EnqueueManyAsync(1, cancellationToken); // stored, but nobody wakes the drainer
            clock.Advance(interval - TimeSpan.FromMilliseconds(1));
            var publishedBeforeInterval = _hub.Messages.Count;
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.WaitForAsync(() => _hub.Messages.Count == 1, GateDeadline, "the entry published after the interval", cancellationToken);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(publishedBeforeInterval, Is.Zero, "nothing is drained before the interval has passed on the drainer's clock");
                Assert.That((await EntriesAsync(ids, cancellationToken)).Single().State, Is.EqualTo(OutboxState.Sent));
            }
        }
        finally
        {
            await drainer.StopAsync(CancellationToken.None);
        }
    }
}
