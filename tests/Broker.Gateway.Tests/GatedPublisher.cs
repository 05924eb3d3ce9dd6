using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Tests;

/// <summary>
/// A confirmed publisher that counts publishes in flight: each one waits until <see cref="OpenWhenInFlight"/> of them are
/// in flight at once (then the gate stays open), and the first <see cref="FailFirst"/> calls throw as a lost connection would.
/// </summary>
internal sealed class GatedPublisher(int openWhenInFlight, TimeSpan deadline) : IConfirmedPublisher
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<OutgoingMessage> _messages = [];
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public int OpenWhenInFlight { get; } = openWhenInFlight;

    public int FailFirst { get; set; }

    public bool Down { get; set; }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<OutgoingMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public async ValueTask<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _calls) <= FailFirst || Down)
        {
            throw new IOException("broker unreachable (test)");
        }

        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            RaiseMax(inFlight);
            if (inFlight >= OpenWhenInFlight)
            {
                _gate.TrySetResult();
            }

            // Bounded, so a drainer that never gets this many in flight fails the test instead of hanging it.
            await _gate.Task.WaitAsync(deadline, cancellationToken);
            lock (_messages)
            {
                _messages.Add(message);
            }

            return PublishOutcome.Confirmed;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void RaiseMax(int inFlight)
    {
        var max = Volatile.Read(ref _maxInFlight);
        while (inFlight > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (seen == max)
            {
                return;
            }

            max = seen;
        }
    }
}
