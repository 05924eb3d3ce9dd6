using Broker.Audit.Storage;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Tests.Storage;

/// <summary>What every <see cref="IAuditStore"/> must do; SQLite and PostgreSQL run the same cases.</summary>
public abstract partial class AuditStoreContractTests
{
    private readonly List<IAuditStore> _stores = [];

    /// <summary>A fresh, empty, initialised store.</summary>
    protected abstract Task<IAuditStore> CreateStoreCoreAsync(CancellationToken cancellationToken);

    /// <summary>Runs raw SQL against the store's tables, as someone with database access could; {0} stands for the table prefix.</summary>
    protected abstract Task ExecuteAsync(IAuditStore store, string sql, IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken);

    protected async Task<IAuditStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        var store = await CreateStoreCoreAsync(cancellationToken);
        _stores.Add(store);
        return store;
    }

    [TearDown]
    public async Task DisposeStoresAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _stores.Clear();
    }

    [Test, CancelAfter(30_000)]
    public async Task AppendAsync_ThenRead_ReturnsEntriesInOrder(CancellationToken cancellationToken)
    {
        var store = await CreateStoreAsync(cancellationToken);
        await store.AppendAsync([Entry(0), Entry(1)], [], cancellationToken);
        await store.AppendAsync([Entry(2)], [new ArchivedEnvelope("ab", [1, 2, 3])], cancellationToken);

        var read = await ReadAllAsync(store, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.CountAsync(cancellationToken), Is.EqualTo(3));
            Assert.That(read.Select(e => e.Index), Is.EqualTo(new long[] { 0, 1, 2 }));
            Assert.That(read[2].Entry, Is.EqualTo(Entry(2).Entry));
            Assert.That(read[2].LeafHash, Is.EqualTo(Entry(2).LeafHash));
            Assert.That(await store.GetEnvelopeAsync("ab", Sha256([1, 2, 3]), cancellationToken), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(await store.GetEnvelopeAsync("cd", Sha256([1, 2, 3]), cancellationToken), Is.Null);
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task AppendAsync_BatchNotContinuingTheLog_ThrowsConflictAndWritesNothing(CancellationToken cancellationToken)
    {
        var store = await CreateStoreAsync(cancellationToken);
        await store.AppendAsync([Entry(0)], [], cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => store.AppendAsync([Entry(0)], [], cancellationToken), Throws.TypeOf<AuditStoreConflictException>());
            Assert.That(() => store.AppendAsync([Entry(2), Entry(3)], [new ArchivedEnvelope("ef", [9])], cancellationToken), Throws.TypeOf<AuditStoreConflictException>());
            Assert.That(await store.CountAsync(cancellationToken), Is.EqualTo(1));
            Assert.That(await store.GetEnvelopeAsync("ef", Sha256([9]), cancellationToken), Is.Null);
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task AppendAsync_TwoBodiesClaimingOneId_ArchivesBothUnderTheirHashes(CancellationToken cancellationToken)
    {
        // Issue 12 item 15: the first body seen for an id (one that failed verification) must not occupy the id.
        var store = await CreateStoreAsync(cancellationToken);
        await store.AppendAsync([Entry(0)], [new ArchivedEnvelope("ab", [6, 6, 6])], cancellationToken);
        await store.AppendAsync([Entry(1)], [new ArchivedEnvelope("ab", [1, 2, 3]), new ArchivedEnvelope("ab", [1, 2, 3])], cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.GetEnvelopeAsync("ab", Sha256([1, 2, 3]), cancellationToken), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(await store.GetEnvelopeAsync("ab", Sha256([6, 6, 6]), cancellationToken), Is.EqualTo(new byte[] { 6, 6, 6 }));
            Assert.That(await store.GetEnvelopeAsync("cd", Sha256([1, 2, 3]), cancellationToken), Is.Null);
            Assert.That(await store.FindEnvelopeHashesAsync("ab", cancellationToken), Is.EquivalentTo(new[] { Sha256([1, 2, 3]), Sha256([6, 6, 6]) }));
        }
    }

    private static byte[] Sha256(byte[] bytes) => System.Security.Cryptography.SHA256.HashData(bytes);

    [Test, CancelAfter(30_000)]
    public async Task FindIndexByLeafHashAsync_KnownAndUnknownHash_ReturnsIndexOrNull(CancellationToken cancellationToken)
    {
        var store = await CreateStoreAsync(cancellationToken);
        await store.AppendAsync([Entry(0), Entry(1), Entry(2)], [], cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.FindIndexByLeafHashAsync(Entry(1).LeafHash, cancellationToken), Is.EqualTo(1));
            Assert.That(await store.FindIndexByLeafHashAsync(new byte[32], cancellationToken), Is.Null);
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task ReadTreeHeadsAsync_SavedOutOfOrder_ReturnsBySizeThenTimeAndLatestLast(CancellationToken cancellationToken)
    {
        var store = await CreateStoreAsync(cancellationToken);
        var t = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.SaveTreeHeadAsync(Head(5, t.AddMinutes(2)), cancellationToken);
        await store.SaveTreeHeadAsync(Head(2, t), cancellationToken);
        await store.SaveTreeHeadAsync(Head(5, t.AddMinutes(1)), cancellationToken);
        await store.SaveTreeHeadAsync(Head(5, t.AddMinutes(1)), cancellationToken);

        var heads = await store.ReadTreeHeadsAsync(cancellationToken);
        var latest = await store.LatestTreeHeadAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heads.Select(h => (h.TreeSize, h.Timestamp)), Is.EqualTo(new[] { (2L, t), (5L, t.AddMinutes(1)), (5L, t.AddMinutes(2)) }));
            Assert.That((latest?.TreeSize, latest?.Timestamp), Is.EqualTo(((long?)5, (DateTimeOffset?)t.AddMinutes(2))));
        }
    }

    private static StoredEntry Entry(long index)
    {
        byte[] bytes = [(byte)index, 0xEE];
        return new StoredEntry(index, bytes, MerkleHash.Leaf(bytes));
    }

    private static SignedTreeHead Head(long size, DateTimeOffset at) =>
        new() { LogId = "test", TreeSize = size, Timestamp = at, RootHash = new byte[32], Signature = [1] };

    protected static async Task<List<StoredEntry>> ReadAllAsync(IAuditStore store, CancellationToken cancellationToken)
    {
        var entries = new List<StoredEntry>();
        await foreach (var entry in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
