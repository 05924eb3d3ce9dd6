using Broker.Hosting.Time;

namespace Broker.Gateway.Outbound;

/// <summary>Wakes the outbox drainer when an alert is stored, so it does not wait for its next poll.</summary>
internal sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every alert stored since the last pass.
        }
    }

    /// <summary>Waits for a wake-up or the timeout on <paramref name="timeProvider"/>, whichever comes first; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, timeProvider, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
