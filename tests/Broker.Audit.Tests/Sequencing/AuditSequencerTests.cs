using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Broker.Protocol.Tests.AuditEntries;
using Broker.Protocol.Tests.Transparency;
using Broker.Protocol.Transparency;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Audit.Tests.Sequencing;

public class AuditSequencerTests
{
    private readonly List<string> _files = [];

    [TearDown]
    public void DeleteFiles()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task AppendAsync_ManyConcurrentCallers_GetContiguousIndicesAndOneTree(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var key = new TestLogKey();
        await using var sequencer = await AuditSequencer.StartAsync(store, key, new FakeTimeProvider(), Options, cancellationToken);

        var appended = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => sequencer.AppendAsync(Records.Decision(i, Records.Russian), cancellationToken: cancellationToken), cancellationToken)));
        var head = await sequencer.PublishTreeHeadAsync(cancellationToken);

        var stored = new List<byte[]>();
        await foreach (var entry in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken))
        {
            stored.Add(entry.Entry);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(appended.Select(a => a.Index).Order(), Is.EqualTo(Enumerable.Range(0, 300).Select(i => (long)i)));
            Assert.That(head.TreeSize, Is.EqualTo(300));
            Assert.That(head.RootHash, Is.EqualTo(NaiveRfc9162.Mth(stored)));
            Assert.That(key.Verify(head.SignedPayload(), head.Signature, out _), Is.True);
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task CreateReceiptAsync_AppendedEntry_VerifiesAgainstSignedHead(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var key = new TestLogKey();
        await using var sequencer = await AuditSequencer.StartAsync(store, key, new FakeTimeProvider(), Options, cancellationToken);
        for (var i = 0; i < 9; i++)
        {
            await sequencer.AppendAsync(Records.Verified(i), cancellationToken: cancellationToken);
        }

        var receipt = await sequencer.CreateReceiptAsync(5, cancellationToken);
        var again = await sequencer.CreateReceiptAsync(6, cancellationToken);
        var entry = await FirstEntryAsync(store, 5, cancellationToken);
        var decoded = InclusionReceiptCodec.TryDecode(InclusionReceiptCodec.Encode(receipt), out var roundTripped, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.Verify(key, entry, "broker-audit"), Is.EqualTo(ReceiptCheck.Valid));
            Assert.That(again.TreeHead, Is.SameAs(receipt.TreeHead), "one signature serves a burst of receipts");
            Assert.That(decoded, Is.True);
            Assert.That(roundTripped!.Verify(key, entry), Is.EqualTo(ReceiptCheck.Valid));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task CreateReceiptAsync_WithinSpacing_WaitsAndOneHeadCoversLaterEntries(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var key = new TestLogKey();
        var time = new FakeTimeProvider();
        var spaced = Options with { ReceiptHeadSpacing = TimeSpan.FromSeconds(3) };
        await using var sequencer = await AuditSequencer.StartAsync(store, key, time, spaced, cancellationToken);
        var first = await sequencer.AppendAsync(Records.Verified(0), cancellationToken: cancellationToken);
        var firstReceipt = await sequencer.CreateReceiptAsync(first.Index, cancellationToken); // no head yet: signed at once
        var firstSigned = time.GetUtcNow();

        // The next receipt needs a new head, which is not due until 3 s after the first: an entry appended meanwhile joins it.
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await sequencer.AppendAsync(Records.Verified(1), cancellationToken: cancellationToken);
        var secondReceipt = sequencer.CreateReceiptAsync(second.Index, cancellationToken);
        var third = await sequencer.AppendAsync(Records.Verified(2), cancellationToken: cancellationToken);
        var thirdReceipt = sequencer.CreateReceiptAsync(third.Index, cancellationToken);
        time.Advance(TimeSpan.FromSeconds(1.999));
        var waitingBeforeDue = !secondReceipt.IsCompleted && !thirdReceipt.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var (secondHead, thirdHead) = ((await secondReceipt).TreeHead, (await thirdReceipt).TreeHead);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstReceipt.TreeHead.TreeSize, Is.EqualTo(1));
            Assert.That(waitingBeforeDue, Is.True, "no head is signed before the spacing has passed on the sequencer's clock");
            Assert.That(secondHead, Is.SameAs(thirdHead), "one signature for both receipts of the interval");
            Assert.That(thirdHead.TreeSize, Is.EqualTo(3));
            Assert.That(thirdHead.Timestamp, Is.EqualTo(firstSigned + spaced.ReceiptHeadSpacing), "signed when the spacing ran out");
            Assert.That((await thirdReceipt).Verify(key, await FirstEntryAsync(store, third.Index, cancellationToken)), Is.EqualTo(ReceiptCheck.Valid));
            Assert.That(await store.ReadTreeHeadsAsync(cancellationToken), Has.Count.EqualTo(2));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_TamperedReceipt_FailsWithReason(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var key = new TestLogKey();
        await using var sequencer = await AuditSequencer.StartAsync(store, key, new FakeTimeProvider(), Options, cancellationToken);
        for (var i = 0; i < 6; i++)
        {
            await sequencer.AppendAsync(Records.Verified(i), cancellationToken: cancellationToken);
        }

        var receipt = await sequencer.CreateReceiptAsync(2, cancellationToken);
        var entry = await FirstEntryAsync(store, 2, cancellationToken);
        var otherEntry = await FirstEntryAsync(store, 3, cancellationToken);
        byte[] flippedRoot = [.. receipt.TreeHead.RootHash];
        flippedRoot[0] ^= 1;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.Verify(key, otherEntry), Is.EqualTo(ReceiptCheck.EntryMismatch));
            Assert.That(receipt.Verify(new TestLogKey(), entry), Is.EqualTo(ReceiptCheck.TreeHeadSignatureInvalid));
            Assert.That((receipt with { TreeHead = receipt.TreeHead with { RootHash = flippedRoot } }).Verify(key, entry), Is.EqualTo(ReceiptCheck.TreeHeadSignatureInvalid));
            Assert.That((receipt with { EntryIndex = 3 }).Verify(key, entry), Is.EqualTo(ReceiptCheck.ProofInvalid));
            Assert.That((receipt with { Path = receipt.Path.Skip(1).ToList() }).Verify(key, entry), Is.EqualTo(ReceiptCheck.ProofInvalid));
            Assert.That(receipt.Verify(key, entry, "another-log"), Is.EqualTo(ReceiptCheck.WrongLog));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Timer_LogGrewSinceLastHead_PublishesOnSchedule(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var time = new FakeTimeProvider();
        await using var sequencer = await AuditSequencer.StartAsync(store, new TestLogKey(), time, Options with { PublishInterval = TimeSpan.FromMinutes(1) }, cancellationToken);
        await sequencer.AppendAsync(Records.Verified(1), cancellationToken: cancellationToken);

        time.Advance(TimeSpan.FromMinutes(1));
        while (sequencer.LatestTreeHead is null)
        {
            await Task.Yield(); // the timer callback runs on the thread pool; the test's CancelAfter is the deadline
            cancellationToken.ThrowIfCancellationRequested();
        }

        Assert.That(sequencer.LatestTreeHead.TreeSize, Is.EqualTo(1));
    }

    [Test, CancelAfter(60_000)]
    public async Task AppendAsync_SecondSequencerOnSameStore_FaultsInsteadOfForking(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var key = new TestLogKey();
        await using var first = await AuditSequencer.StartAsync(store, key, new FakeTimeProvider(), Options, cancellationToken);
        await using var second = await AuditSequencer.StartAsync(store, key, new FakeTimeProvider(), Options, cancellationToken);
        await first.AppendAsync(Records.Verified(1), cancellationToken: cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => second.AppendAsync(Records.Verified(2), cancellationToken: cancellationToken), Throws.TypeOf<AuditStoreConflictException>());
            Assert.That(() => second.AppendAsync(Records.Verified(3), cancellationToken: cancellationToken), Throws.InvalidOperationException);
            Assert.That(await store.CountAsync(cancellationToken), Is.EqualTo(1));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task AppendAsync_EnvelopeNotMatchingRecordedHash_Throws(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        await using var sequencer = await AuditSequencer.StartAsync(store, new TestLogKey(), new FakeTimeProvider(), Options, cancellationToken);
        var (record, _) = Records.Received(1);
        var (_, other) = Records.Received(2);
        Assert.That(() => sequencer.AppendAsync(record, other, cancellationToken), Throws.ArgumentException);
    }

    [Test, CancelAfter(60_000)]
    public async Task StartAsync_ExistingLog_ContinuesWhereItStopped(CancellationToken cancellationToken)
    {
        await using var store = await StoreAsync(cancellationToken);
        var key = new TestLogKey();
        await using (var sequencer = await SampleLog.WriteAsync(store, key, 2, cancellationToken))
        {
        }

        await using var restarted = await AuditSequencer.StartAsync(store, key, new FakeTimeProvider(), Options, cancellationToken);
        var next = await restarted.AppendAsync(Records.Verified(9), cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(next.Index, Is.EqualTo(10));
            Assert.That(restarted.LatestTreeHead?.TreeSize, Is.EqualTo(10));
        }
    }

    private static AuditSequencerOptions Options => AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero };

    private async Task<SqliteAuditStore> StoreAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"broker-seq-{Guid.NewGuid():N}.db");
        _files.Add(path);
        var store = new SqliteAuditStore(path);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    private static async Task<byte[]> FirstEntryAsync(SqliteAuditStore store, long index, CancellationToken cancellationToken)
    {
        await foreach (var entry in store.ReadEntriesAsync(index, 1, cancellationToken))
        {
            Assert.That(MerkleHash.Leaf(entry.Entry), Is.EqualTo(entry.LeafHash));
            return entry.Entry;
        }

        throw new AssertionException($"entry {index} is missing");
    }
}
