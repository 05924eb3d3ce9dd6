namespace Broker.Hosting.Time;

/// <summary>Timed waits on an injected <see cref="TimeProvider"/>, where the BCL's timeout overloads use the machine's clock.</summary>
public static class TimedWaits
{
    /// <summary>
    /// Waits for <paramref name="semaphore"/> or until <paramref name="timeout"/> has passed on <paramref name="timeProvider"/>;
    /// true when the semaphore was entered. Cancelling <paramref name="cancellationToken"/> throws as usual.
    /// </summary>
    public static async Task<bool> WaitAsync(this SemaphoreSlim semaphore, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(semaphore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await semaphore.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
