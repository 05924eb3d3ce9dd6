using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Broker.Audit.Verification;
using Broker.Protocol.Tests.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Tests.Verification;

/// <summary>Witness and fork checks; per-store tampering is in the store contract tests.</summary>
public class AuditVerifierTests
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
    public async Task VerifyAsync_WitnessFromAnEarlierAuditOfTheSameLog_IsConsistent(CancellationToken cancellationToken)
    {
        var key = new TestLogKey();
        await using var store = await StoreAsync(cancellationToken);
        var witness = Path.Combine(Path.GetTempPath(), $"broker-witness-{Guid.NewGuid():N}");
        _files.Add(witness);
        await using (var sequencer = await SampleLog.WriteAsync(store, key, 2, cancellationToken))
        {
            var first = await new AuditVerifier(key).VerifyAsync(store, [], cancellationToken: cancellationToken);
            WitnessFile.Save(witness, [first.LatestVerifiedHead!]);
            await sequencer.AppendAsync(Records.Verified(7), cancellationToken: cancellationToken);
            await sequencer.PublishTreeHeadAsync(cancellationToken);
        }

        var seen = WitnessFile.Load(witness, out var unreadable);
        var result = await new AuditVerifier(key).VerifyAsync(store, seen, cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unreadable, Is.Zero);
            Assert.That(seen.Single().TreeSize, Is.EqualTo(10));
            Assert.That(result.Findings, Is.Empty);
            Assert.That(result.LatestVerifiedHead!.TreeSize, Is.EqualTo(11));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task VerifyAsync_LogThatShowedAnotherHistoryBefore_NamesForkedLog(CancellationToken cancellationToken)
    {
        var key = new TestLogKey();
        await using var honest = await StoreAsync(cancellationToken);
        await using var forked = await StoreAsync(cancellationToken);
        await using (await SampleLog.WriteAsync(honest, key, 2, cancellationToken))
        {
        }

        // The same key signs a second history: same first envelope, then different entries.
        await using (var sequencer = await SampleLog.WriteAsync(forked, key, 1, cancellationToken))
        {
            for (var i = 0; i < 6; i++)
            {
                await sequencer.AppendAsync(Records.Verified(100 + i), cancellationToken: cancellationToken);
            }

            await sequencer.PublishTreeHeadAsync(cancellationToken);
        }

        var seen = (await honest.ReadTreeHeadsAsync(cancellationToken)).Where(h => h.TreeSize == 10).ToList();
        var result = await new AuditVerifier(key).VerifyAsync(forked, seen, cancellationToken: cancellationToken);
        Assert.That(result.Findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.ForkedLog && f.Index == 10));
    }

    [Test, CancelAfter(60_000)]
    public async Task VerifyAsync_TwoSignedHeadsOfOneSizeWithDifferentRoots_NamesForkedLog(CancellationToken cancellationToken)
    {
        var key = new TestLogKey();
        await using var store = await StoreAsync(cancellationToken);
        await using (await SampleLog.WriteAsync(store, key, 2, cancellationToken))
        {
        }

        var genuine = (await store.ReadTreeHeadsAsync(cancellationToken))[^1];
        var otherRoot = new byte[32];
        var payload = SignedTreeHead.Payload(genuine.LogId, genuine.TreeSize, genuine.Timestamp.AddSeconds(1), otherRoot);
        var rogue = genuine with { Timestamp = genuine.Timestamp.AddSeconds(1), RootHash = otherRoot, Signature = key.Sign(payload) };

        var result = await new AuditVerifier(key).VerifyAsync(store, [rogue], cancellationToken: cancellationToken);
        Assert.That(result.Findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.ForkedLog && f.Detail.Contains("two validly signed tree heads of size 10")));
    }

    [Test, CancelAfter(60_000)]
    public async Task VerifyAsync_WitnessedSizeZeroHeadWithANonEmptyRoot_NamesForkedLog(CancellationToken cancellationToken)
    {
        // Issue 12 item 11: a validly signed head claiming size 0 with any root but SHA-256("") is not the empty tree; before the fix
        // the consistency check from size 0 passed whatever the roots were (audit-log.md §3).
        var key = new TestLogKey();
        await using var store = await StoreAsync(cancellationToken);
        await using (await SampleLog.WriteAsync(store, key, 2, cancellationToken))
        {
        }

        var genuine = (await store.ReadTreeHeadsAsync(cancellationToken))[^1];
        var otherRoot = Enumerable.Repeat((byte)0x42, 32).ToArray();
        var payload = SignedTreeHead.Payload(genuine.LogId, 0, genuine.Timestamp, otherRoot);
        var rogue = genuine with { TreeSize = 0, RootHash = otherRoot, Signature = key.Sign(payload) };
        var emptyPayload = SignedTreeHead.Payload(genuine.LogId, 0, genuine.Timestamp, MerkleHash.EmptyRoot.ToArray());
        var empty = genuine with { TreeSize = 0, RootHash = MerkleHash.EmptyRoot.ToArray(), Signature = key.Sign(emptyPayload) };

        var forked = await new AuditVerifier(key).VerifyAsync(store, [rogue], cancellationToken: cancellationToken);
        var honest = await new AuditVerifier(key).VerifyAsync(store, [empty], cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forked.Findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.ForkedLog && f.Index == 0));
            Assert.That(honest.Findings, Is.Empty);
        }
    }

    [Test]
    public void Load_GarbageLines_CountedAsUnreadable()
    {
        var witness = Path.Combine(Path.GetTempPath(), $"broker-witness-{Guid.NewGuid():N}");
        _files.Add(witness);
        File.WriteAllLines(witness, ["# comment", "not base64!", Convert.ToBase64String([1, 2, 3])]);

        var heads = WitnessFile.Load(witness, out var unreadable);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heads, Is.Empty);
            Assert.That(unreadable, Is.EqualTo(2));
        }
    }

    private async Task<SqliteAuditStore> StoreAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"broker-verify-{Guid.NewGuid():N}.db");
        _files.Add(path);
        var store = new SqliteAuditStore(path);
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}
