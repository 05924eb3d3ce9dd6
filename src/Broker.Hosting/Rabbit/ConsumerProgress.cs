namespace Broker.Hosting.Rabbit;

/// <summary>
/// Whether a consumer's queue moves: deliveries are in flight, yet none has been acknowledged for a while. A handler that
/// hangs, or one that keeps handing the same messages back (a requeue is not progress), stalls it; an idle queue never does.
/// Thread-safe; time comes from the consumer's clock.
/// </summary>
internal sealed class ConsumerProgress(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long? _waitingSince;

    public void Received()
    {
        lock (_gate)
        {
            _inFlight++;
            _waitingSince ??= time.GetTimestamp();
        }
    }

    /// <summary>A delivery is done: <paramref name="acked"/> moves the queue; a requeue or an abandoned delivery does not.</summary>
    public void Finished(bool acked)
    {
        lock (_gate)
        {
            _inFlight--;
            if (acked)
            {
                _waitingSince = _inFlight > 0 ? time.GetTimestamp() : null;
            }
        }
    }

    /// <summary>The deliveries in flight and how long none was acknowledged, when that is at least <paramref name="limit"/>; else null.</summary>
    public (int InFlight, TimeSpan For)? Stalled(TimeSpan limit)
    {
        lock (_gate)
        {
            if (_inFlight <= 0 || _waitingSince is not { } since)
            {
                return null;
            }

            var waited = time.GetElapsedTime(since);
            return waited >= limit ? (_inFlight, waited) : null;
        }
    }
}
