namespace Broker.Gateway.Outbound;

/// <summary>
/// One pass over the due entries, oldest first, with up to <see cref="Options.GatewayOptions.DrainConcurrency"/> of them
/// in flight: each waits mostly on a publisher confirm or a SQLite commit, so overlapping them is what makes the drain fast.
/// Entries of one pass are distinct rows, so no entry is worked on twice at once; the store's conditional updates (sealed
/// only from pending, sent only from sealed) keep the rest. Order between alerts is not kept (nothing downstream keeps it).
/// </summary>
internal sealed partial class OutboxDrainer
{
    // Set by a transient failure, cleared by the next confirmed publish: while set a pass runs one entry at a time, so a
    // lasting hub outage costs one attempt per pass, as it did before passes ran entries concurrently.
    private bool _probing;

    /// <summary>One pass over the due entries; returns how many were sent.</summary>
    internal async Task<int> DrainOnceAsync(CancellationToken cancellationToken) =>
        (await DrainPassAsync(cancellationToken).ConfigureAwait(false)).Sent;

    /// <summary>
    /// Starts due entries while fewer than the allowed number run. After a transient failure (<see cref="EntryOutcome.Retry"/>)
    /// it starts no more and waits for the ones in flight, so the first pass of an outage costs at most DrainConcurrency attempts.
    /// </summary>
    private async Task<PassResult> DrainPassAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(timeProvider.GetUtcNow(), _options.DrainBatchSize, cancellationToken).ConfigureAwait(false);
        var running = new List<Task<EntryOutcome>>(Math.Min(due.Count, _options.DrainConcurrency));
        var next = 0;
        var sent = 0;
        var stopped = false;
        try
        {
            while (true)
            {
                var width = _probing ? 1 : _options.DrainConcurrency;
                while (!stopped && next < due.Count && running.Count < width)
                {
                    // On the thread pool: sealing is CPU work (KEM per recipient, composite signature) that can use every core.
                    var entry = due[next++];
                    running.Add(Task.Run(() => ProcessAsync(entry, cancellationToken), CancellationToken.None));
                }

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                switch (await done.ConfigureAwait(false))
                {
                    case EntryOutcome.Sent:
                        sent++;
                        _probing = false;
                        break;
                    case EntryOutcome.Retry:
                        stopped = true;
                        _probing = true;
                        break;
                    case EntryOutcome.Failed:
                        break;
                }
            }
        }
        finally
        {
            // Cancellation or a store failure: let the entries in flight settle before the pass gives up, so none outlives it.
            if (running.Count > 0)
            {
                await Task.WhenAll(running.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        // A full batch that nothing interrupted means more may be due: the caller starts the next pass without waiting.
        return new PassResult(sent, MoreDue: !stopped && due.Count == _options.DrainBatchSize);
    }

    private readonly record struct PassResult(int Sent, bool MoreDue);

    private enum EntryOutcome
    {
        Sent,
        Failed,
        Retry,
    }
}
