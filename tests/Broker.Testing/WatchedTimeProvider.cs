using Microsoft.Extensions.Time.Testing;

namespace Broker.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when code under test has started a timer of a given due time: the
/// moment a background loop is idle, waiting on this clock. The test then changes the world and advances the clock,
/// without sleeping and hoping the loop got there first.
/// </summary>
public sealed class WatchedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Started)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            foreach (var waiter in _waiters.Where(w => w.DueTime == dueTime).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Started.TrySetResult();
            }
        }

        return timer;
    }

    /// <summary>Completes when the next timer due after <paramref name="dueTime"/> is created (call before causing it).</summary>
    public Task NextTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((dueTime, started));
        }

        return started.Task.WaitAsync(cancellationToken);
    }
}
