using Broker.Audit.Query;
using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Broker.Protocol.Tests.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Tests.Verification;

public class AuditQueryServiceTests
{
    private string _path = string.Empty;

    [TearDown]
    public void DeleteFile()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Test, CancelAfter(60_000)]
    public async Task Queries_OverSampleLog_ReturnProofsThatVerify(CancellationToken cancellationToken)
    {
        _path = Path.Combine(Path.GetTempPath(), $"broker-query-{Guid.NewGuid():N}.db");
        await using var store = new SqliteAuditStore(_path);
        await store.InitializeAsync(cancellationToken);
        var key = new TestLogKey();
        await using (await SampleLog.WriteAsync(store, key, 4, cancellationToken))
        {
        }

        using var query = new AuditQueryService(store);
        var latest = await query.GetLatestTreeHeadAsync(cancellationToken);
        var heads = await store.ReadTreeHeadsAsync(cancellationToken);
        var early = heads.First(h => h.TreeSize == 10);
        var consistency = await query.GetConsistencyProofAsync(10, latest!.TreeSize, cancellationToken);
        var entries = await query.GetEntriesAsync(7, 3, cancellationToken);
        var inclusion = await query.GetInclusionProofAsync(entries[1].LeafHash, latest.TreeSize, cancellationToken);
        var envelope = (await query.GetArchivedEnvelopeAsync(Records.EnvelopeId(1), cancellationToken: cancellationToken)).Bytes;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(latest.TreeSize, Is.EqualTo(20));
            Assert.That(MerkleProof.VerifyConsistency(10, 20, early.RootHash, latest.RootHash, consistency!.Path), Is.EqualTo(ProofResult.Valid));
            Assert.That(entries.Select(e => e.Index), Is.EqualTo(new long[] { 7, 8, 9 }));
            Assert.That(inclusion!.Index, Is.EqualTo(8));
            Assert.That(MerkleProof.VerifyInclusion(8, 20, entries[1].LeafHash, inclusion.Path, latest.RootHash), Is.EqualTo(ProofResult.Valid));
            Assert.That(envelope, Is.EqualTo(Records.Received(1).Envelope));
            Assert.That(await query.GetConsistencyProofAsync(10, 21, cancellationToken), Is.Null);
            Assert.That(await query.GetInclusionProofAsync(new byte[32], 20, cancellationToken), Is.Null);
        }
    }
}
