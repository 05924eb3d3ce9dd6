using System.Text;
using Broker.Gateway.Storage;

namespace Broker.Gateway.Tests.Storage;

public class GatewayStoreTests
{
    private static readonly DateTimeOffset Now = Samples.Now;
    private string _path = null!;

    [SetUp]
    public void SetUp() => _path = Path.Combine(Path.GetTempPath(), $"gw-store-{Guid.NewGuid():N}.db");

    [TearDown]
    public void TearDown() => TempDatabase.Delete(_path);

    [Test]
    [CancelAfter(10_000)]
    public async Task TryEnqueueAsync_SameAlertTwice_StoresOnce(CancellationToken cancellationToken)
    {
        var store = await GatewayStore.OpenAsync(_path, cancellationToken);
        var id = Guid.NewGuid();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.TryEnqueueAsync(id, Encoding.UTF8.GetBytes("{}"), Now, cancellationToken), Is.True);
            Assert.That(await store.TryEnqueueAsync(id, Encoding.UTF8.GetBytes("{}"), Now, cancellationToken), Is.False);
            Assert.That(await store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Outbox_StateMachine_PendingSealedSentInOrderOnly(CancellationToken cancellationToken)
    {
        var store = await GatewayStore.OpenAsync(_path, cancellationToken);
        var id = Guid.NewGuid();
        await store.TryEnqueueAsync(id, Encoding.UTF8.GetBytes("{}"), Now, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.MarkSentAsync(id, Now, cancellationToken), Is.False, "sent before sealed");
            Assert.That(await store.MarkSealedAsync(id, "e1", [1, 2, 3], "RU-MVD", cancellationToken: cancellationToken), Is.True);
            Assert.That(await store.MarkSealedAsync(id, "e2", [9], "RU-MVD", cancellationToken: cancellationToken), Is.False, "sealed twice");
            var sealedEntry = await store.FindOutboxAsync(id, cancellationToken);
            Assert.That(sealedEntry!.EnvelopeId, Is.EqualTo("e1"));
            Assert.That(sealedEntry.Envelope, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(await store.DueAsync(Now, 10, cancellationToken), Has.Count.EqualTo(1));
            Assert.That(await store.MarkSentAsync(id, Now, cancellationToken), Is.True);
            Assert.That(await store.MarkSentAsync(id, Now, cancellationToken), Is.False, "sent twice");
            Assert.That(await store.MarkFailedAsync(id, "late", cancellationToken), Is.False, "failed after sending");
            Assert.That(await store.DueAsync(Now.AddYears(1), 10, cancellationToken), Is.Empty);
            Assert.That((await store.FindOutboxAsync(id, cancellationToken))!.State, Is.EqualTo(OutboxState.Sent));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RecordAttemptFailedAsync_Backoff_EntryNotDueUntilNextAttempt(CancellationToken cancellationToken)
    {
        var store = await GatewayStore.OpenAsync(_path, cancellationToken);
        var id = Guid.NewGuid();
        await store.TryEnqueueAsync(id, Encoding.UTF8.GetBytes("{}"), Now, cancellationToken);
        await store.RecordAttemptFailedAsync(id, "hub unreachable", Now.AddSeconds(30), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.DueAsync(Now.AddSeconds(29), 10, cancellationToken), Is.Empty);
            var due = await store.DueAsync(Now.AddSeconds(30), 10, cancellationToken);
            Assert.That(due.Single().Attempts, Is.EqualTo(1));
            Assert.That(due.Single().LastError, Is.EqualTo("hub unreachable"));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task MarkFailedAsync_Pending_IsFinalAndNotDue(CancellationToken cancellationToken)
    {
        var store = await GatewayStore.OpenAsync(_path, cancellationToken);
        var id = Guid.NewGuid();
        await store.TryEnqueueAsync(id, Encoding.UTF8.GetBytes("{}"), Now, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.MarkFailedAsync(id, "no-recipients", cancellationToken), Is.True);
            Assert.That(await store.DueAsync(Now.AddDays(1), 10, cancellationToken), Is.Empty);
            Assert.That(await store.MarkSealedAsync(id, "e", [1], "x", cancellationToken: cancellationToken), Is.False);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task OpenAsync_Reopened_KeepsPendingEntries(CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var first = await GatewayStore.OpenAsync(_path, cancellationToken);
        await first.TryEnqueueAsync(id, Encoding.UTF8.GetBytes("{\"a\":1}"), Now, cancellationToken);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var second = await GatewayStore.OpenAsync(_path, cancellationToken);
        var due = await second.DueAsync(Now, 10, cancellationToken);
        Assert.That(due.Single().AlertId, Is.EqualTo(id));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TryAddInboxAsync_Duplicate_ReportsPublishedFlag(CancellationToken cancellationToken)
    {
        var store = await GatewayStore.OpenAsync(_path, cancellationToken);
        var entry = Entry("abc");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.TryAddInboxAsync(entry, cancellationToken), Is.EqualTo(InboxAddResult.Added));
            // A crash after storing and before publishing: the redelivery must still publish.
            Assert.That(await store.TryAddInboxAsync(entry, cancellationToken), Is.EqualTo(InboxAddResult.DuplicateUnpublished));
            await store.MarkInboxPublishedAsync("abc", cancellationToken);
            Assert.That(await store.TryAddInboxAsync(entry with { AgencyMessage = [9] }, cancellationToken), Is.EqualTo(InboxAddResult.DuplicatePublished));
            Assert.That(await store.FindInboxMessageAsync("abc", cancellationToken), Is.EqualTo(new byte[] { 7 }));
            Assert.That(await store.CountInboxAsync(cancellationToken), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TryAddReceiptAsync_Duplicate_ReportsPublishedFlag(CancellationToken cancellationToken)
    {
        var store = await GatewayStore.OpenAsync(_path, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.TryAddReceiptAsync("r1", "e1", [1], [2], Now, cancellationToken), Is.EqualTo(InboxAddResult.Added));
            Assert.That(await store.TryAddReceiptAsync("r1", "e1", [1], [2], Now, cancellationToken), Is.EqualTo(InboxAddResult.DuplicateUnpublished));
            await store.MarkReceiptPublishedAsync("r1", cancellationToken);
            Assert.That(await store.TryAddReceiptAsync("r1", "e1", [1], [2], Now, cancellationToken), Is.EqualTo(InboxAddResult.DuplicatePublished));
        }
    }

    private static InboxEntry Entry(string id) => new()
    {
        EnvelopeId = id,
        ReceivedAt = Now,
        Sender = "TH-ONCB",
        Kind = "alert",
        Envelope = [1],
        ViewJson = [2],
        HeaderJson = "{}",
        Verification = "verified",
        Withheld = string.Empty,
        AgencyMessage = [7],
    };
}
