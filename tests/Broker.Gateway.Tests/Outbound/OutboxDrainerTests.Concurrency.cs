using Broker.Gateway.Storage;
using Broker.Testing;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>The drainer with several entries in flight: bounded, each sent once, and an outage still costs little.</summary>
public partial class OutboxDrainerTests
{
    private static readonly TimeSpan GateDeadline = TimeSpan.FromSeconds(10);

    [Test]
    [CancelAfter(30_000)]
    public async Task DrainOnceAsync_TwelveDueEntries_PublishesFourAtOnceAndEachEntryExactlyOnce(CancellationToken cancellationToken)
    {
        var ids = await EnqueueManyAsync(12, cancellationToken);
        // The gate opens only once four publishes wait at the same time: a drainer working one by one never gets there.
        var hub = new GatedPublisher(openWhenInFlight: 4, GateDeadline);
        using var drainer = Drainer(hub, o => o.DrainConcurrency = 4);

        var sent = await drainer.DrainOnceAsync(cancellationToken);
        var entries = await EntriesAsync(ids, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Is.EqualTo(12));
            Assert.That(hub.MaxInFlight, Is.EqualTo(4), "never more than DrainConcurrency in flight");
            Assert.That(entries.Select(e => e.State), Is.All.EqualTo(OutboxState.Sent));
            Assert.That(hub.Messages.Select(m => m.MessageId), Is.EquivalentTo(entries.Select(e => e.EnvelopeId)), "each stored envelope published once");
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DrainOnceAsync_HubDownForTwoPasses_FirstPassCostsTheConcurrencyThenOneAttemptPerPassAndAllAreSentLater(CancellationToken cancellationToken)
    {
        var ids = await EnqueueManyAsync(12, cancellationToken);
        var hub = new GatedPublisher(openWhenInFlight: 1, GateDeadline) { Down = true };
        using var drainer = Drainer(hub, o => o.DrainConcurrency = 4);

        var firstPass = await drainer.DrainOnceAsync(cancellationToken);
        var attemptsAfterFirst = (await EntriesAsync(ids, cancellationToken)).Sum(e => e.Attempts);
        var secondPass = await drainer.DrainOnceAsync(cancellationToken);
        var afterOutage = await EntriesAsync(ids, cancellationToken);

        hub.Down = false;
        var thirdPass = await drainer.DrainOnceAsync(cancellationToken);
        _time.Advance(TimeSpan.FromSeconds(10));
        var fourthPass = await drainer.DrainOnceAsync(cancellationToken);
        var entries = await EntriesAsync(ids, cancellationToken);
        var published = hub.Messages.ToDictionary(m => m.MessageId!, m => m.Body.ToArray());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstPass + secondPass, Is.Zero);
            Assert.That(attemptsAfterFirst, Is.EqualTo(4), "the first pass of an outage starts DrainConcurrency entries, then no more");
            Assert.That(afterOutage.Sum(e => e.Attempts), Is.EqualTo(5), "the next pass probes with one entry");
            Assert.That(afterOutage.Count(e => e.State == OutboxState.Sealed), Is.EqualTo(5));
            Assert.That(thirdPass, Is.EqualTo(7), "the untried entries go as soon as the hub confirms");
            Assert.That(fourthPass, Is.EqualTo(5), "the backed-off entries go when due");
            Assert.That(entries.Select(e => e.State), Is.All.EqualTo(OutboxState.Sent));
            Assert.That(published, Has.Count.EqualTo(12));
            // Sealed before the outage, published after it: the envelope stored at the first attempt, byte for byte.
            foreach (var before in afterOutage.Where(e => e.State == OutboxState.Sealed))
            {
                Assert.That(published[before.EnvelopeId!], Is.EqualTo(before.Envelope), $"entry {before.AlertId}");
            }
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DrainOnceAsync_OneEntryFailsTransiently_ThatEntryBacksOffAndTheOthersAreStillSent(CancellationToken cancellationToken)
    {
        var ids = await EnqueueManyAsync(6, cancellationToken);
        var hub = new GatedPublisher(openWhenInFlight: 1, GateDeadline) { FailFirst = 1 };
        using var drainer = Drainer(hub, o => o.DrainConcurrency = 4);

        var sent = await drainer.DrainOnceAsync(cancellationToken);
        sent += await drainer.DrainOnceAsync(cancellationToken);
        var afterTwoPasses = await EntriesAsync(ids, cancellationToken);
        var failed = afterTwoPasses.Single(e => e.State != OutboxState.Sent);

        _time.Advance(TimeSpan.FromSeconds(10));
        var late = await drainer.DrainOnceAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Is.EqualTo(5));
            Assert.That(failed.State, Is.EqualTo(OutboxState.Sealed));
            Assert.That(failed.Attempts, Is.EqualTo(1));
            Assert.That(failed.NextAttemptAt, Is.GreaterThan(Samples.Now), "backed off, not retried in the same instant");
            Assert.That(late, Is.EqualTo(1));
            Assert.That(hub.Messages, Has.Count.EqualTo(6));
            Assert.That(hub.Messages[^1].MessageId, Is.EqualTo(failed.EnvelopeId), "republished under the envelope id sealed before the failure");
            Assert.That((await _store.FindOutboxAsync(failed.AlertId, cancellationToken))!.State, Is.EqualTo(OutboxState.Sent));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ExecuteAsync_BacklogOfThreeBatches_IsDrainedWithoutWaitingForTheInterval(CancellationToken cancellationToken)
    {
        var ids = await EnqueueManyAsync(6, cancellationToken);
        var hub = new GatedPublisher(openWhenInFlight: 1, GateDeadline);
        // Nothing wakes it and the interval is a minute: only passing again after a full batch drains the backlog in time.
        using var drainer = Drainer(hub, o =>
        {
            o.DrainBatchSize = 2;
            o.DrainConcurrency = 2;
            o.DrainIntervalMilliseconds = 60_000;
        });

        await drainer.StartAsync(cancellationToken);
        try
        {
            await Eventually.WaitForAsync(() => hub.Messages.Count == ids.Length, GateDeadline, "all six entries published", cancellationToken);
        }
        finally
        {
            await drainer.StopAsync(CancellationToken.None);
        }

        Assert.That((await EntriesAsync(ids, cancellationToken)).Select(e => e.State), Is.All.EqualTo(OutboxState.Sent));
    }

    private async Task<Guid[]> EnqueueManyAsync(int count, CancellationToken cancellationToken)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var alert = Samples.Node();
            ids[i] = Guid.NewGuid();
            alert["id"] = ids[i].ToString("D");
            await _store.TryEnqueueAsync(ids[i], Samples.Utf8(alert), Samples.Now.AddMilliseconds(i - count), cancellationToken);
        }

        return ids;
    }

    private async Task<OutboxEntry[]> EntriesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        foreach (var id in ids)
        {
            entries.Add((await _store.FindOutboxAsync(id, cancellationToken))!);
        }

        return [.. entries];
    }
}
