using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Broker.Audit.Verification;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Tests.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Tests.Storage;

public abstract partial class AuditStoreContractTests
{
    private const int Envelopes = 4; // 5 entries each: 20 entries, tree heads at 10 and 20

    [Test, CancelAfter(60_000)]
    public async Task Verify_UntouchedLog_HasNoFindings(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        var result = await new AuditVerifier(key).VerifyAsync(store, [], cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(result.EntryCount, Is.EqualTo(20));
            Assert.That(result.LatestVerifiedHead?.TreeSize, Is.EqualTo(20));
            Assert.That(result.EnvelopesChecked, Is.EqualTo(Envelopes));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_EntryEditedInPlace_NamesEntryAltered(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        var forged = Forge(7, Records.Decision(1, Records.Malaysian));
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET entry = @entry WHERE idx = 7", new Dictionary<string, object> { ["@entry"] = forged }, cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.EntryAltered && f.Index == 7));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_EntryAndLeafHashRewritten_NamesEntriesRewrittenInRange(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        var forged = Forge(12, Records.Decision(2, Records.Malaysian));
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET entry = @entry, leaf_hash = @leaf WHERE idx = 12",
            new Dictionary<string, object> { ["@entry"] = forged, ["@leaf"] = MerkleHash.Leaf(forged) }, cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.EntriesRewritten && f.Index == 20 && f.Detail.Contains("between 10 and 19")));
            Assert.That(findings, Has.None.Matches<Finding>(f => f.Code == FindingCode.EntryAltered));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_EntryDeleted_NamesEntryMissing(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        await ExecuteAsync(store, "DELETE FROM {0}audit_entries WHERE idx = 4", new Dictionary<string, object>(), cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.EntryMissing && f.Index == 4));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_EntryDeletedAndLaterOnesRenumbered_NamesEntryMissing(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        await ExecuteAsync(store, "DELETE FROM {0}audit_entries WHERE idx = 6", new Dictionary<string, object>(), cancellationToken);
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = -(idx - 1) - 1000 WHERE idx > 6", new Dictionary<string, object>(), cancellationToken);
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = -(idx + 1000) WHERE idx < 0", new Dictionary<string, object>(), cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.EntryMissing && f.Index == 6 && f.Detail.Contains("renumbered")));
            Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.LogTruncated));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_LastEntriesDeleted_NamesLogTruncated(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        await ExecuteAsync(store, "DELETE FROM {0}audit_entries WHERE idx >= 18", new Dictionary<string, object>(), cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.LogTruncated && f.Index == 20));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_TwoEntriesSwapped_NamesEntriesReordered(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = -1 WHERE idx = 2", new Dictionary<string, object>(), cancellationToken);
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = 2 WHERE idx = 5", new Dictionary<string, object>(), cancellationToken);
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = 5 WHERE idx = -1", new Dictionary<string, object>(), cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.EntriesReordered && f.Index == 2 && f.Detail.Contains("position 5 holds entry 2")));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_EntryInsertedAndLaterOnesShifted_NamesEntryInserted(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        // Two steps, because a unique index may be checked row by row during one UPDATE.
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = -(idx + 1) - 1000 WHERE idx >= 3", new Dictionary<string, object>(), cancellationToken);
        await ExecuteAsync(store, "UPDATE {0}audit_entries SET idx = -(idx + 1000) WHERE idx < 0", new Dictionary<string, object>(), cancellationToken);
        var forged = Forge(3, Records.Decision(0, Records.Malaysian));
        await ExecuteAsync(store, "INSERT INTO {0}audit_entries (idx, entry, leaf_hash) VALUES (3, @entry, @leaf)",
            new Dictionary<string, object> { ["@entry"] = forged, ["@leaf"] = MerkleHash.Leaf(forged) }, cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.EntryInserted && f.Index == 3));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_ArchivedEnvelopeAltered_NamesArchivedEnvelopeAltered(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        var (received, envelope) = Records.Received(2);
        envelope[100] ^= 0x40;
        await ExecuteAsync(store, "UPDATE {0}audit_archive SET bytes = @bytes WHERE envelope_id = @id",
            new Dictionary<string, object> { ["@bytes"] = envelope, ["@id"] = received.EnvelopeId }, cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Is.EqualTo(new[] { new Finding(FindingCode.ArchivedEnvelopeAltered, 10, $"archived envelope {received.EnvelopeId} (entry 10) differs from what the hub received") }));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_ArchivedEnvelopeRemoved_NamesArchivedEnvelopeMissing(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        await ExecuteAsync(store, "DELETE FROM {0}audit_archive WHERE envelope_id = @id", new Dictionary<string, object> { ["@id"] = Records.EnvelopeId(3) }, cancellationToken);

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.ArchivedEnvelopeMissing && f.Index == 15));
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_RefusedBodiesReusingRoutedEnvelopeIds_NoFindingAndReplayUsesTheRoutedBodies(CancellationToken cancellationToken)
    {
        // Issue 12 item 15: a body that failed verification with the id of a routed envelope, before it (junk first: the archive kept
        // the junk and reported the routed envelope altered) and after it (reported the junk as an alteration of the routed one).
        var store = await CreateStoreAsync(cancellationToken);
        var key = new TestLogKey();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using (var sequencer = await Broker.Audit.Sequencing.AuditSequencer.StartAsync(store, key, time, Broker.Audit.Sequencing.AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero }, cancellationToken))
        {
            await AppendRefusedAsync(sequencer, 0, cancellationToken);
            for (var i = 0; i < 2; i++)
            {
                var (received, envelope) = Records.Received(i);
                await sequencer.AppendAsync(received, envelope, cancellationToken);
                await sequencer.AppendAsync(Records.Verified(i), cancellationToken: cancellationToken);
                await sequencer.AppendAsync(Records.Decision(i, Records.Russian), cancellationToken: cancellationToken);
                await sequencer.AppendAsync(Records.Delivery(i, Records.Russian), cancellationToken: cancellationToken);
            }

            await AppendRefusedAsync(sequencer, 1, cancellationToken);
            await sequencer.PublishTreeHeadAsync(cancellationToken);
        }

        var result = await new AuditVerifier(key).VerifyAsync(store, [], cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(result.EnvelopesChecked, Is.EqualTo(4));
            Assert.That(await store.FindEnvelopeHashesAsync(Records.EnvelopeId(0), cancellationToken), Has.Count.EqualTo(2));
            Assert.That(await store.GetEnvelopeAsync(Records.EnvelopeId(0), Records.Received(0).Record.EnvelopeHash, cancellationToken), Is.EqualTo(Records.Received(0).Envelope));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_RefusedBodyOverTheArchiveCap_IsNotArchivedAndNoFinding_ButARoutedOneMustBe(CancellationToken cancellationToken)
    {
        var store = await CreateStoreAsync(cancellationToken);
        var key = new TestLogKey();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var big = new byte[ArchiveLimits.MaxRefusedEnvelopeBytes + 1];
        await using (var sequencer = await Broker.Audit.Sequencing.AuditSequencer.StartAsync(store, key, time, Broker.Audit.Sequencing.AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero }, cancellationToken))
        {
            // Refused and over the cap: the hub records hash and size and archives nothing (audit-log.md §6).
            await sequencer.AppendAsync(Records.Received(5).Record with { EnvelopeHash = System.Security.Cryptography.SHA256.HashData(big), EnvelopeSize = big.Length }, cancellationToken: cancellationToken);
            await sequencer.AppendAsync(Records.Verified(5, accepted: false), cancellationToken: cancellationToken);
            // Accepted and as large: its body must be archived, so its absence is a finding.
            await sequencer.AppendAsync(Records.Received(6).Record with { EnvelopeHash = System.Security.Cryptography.SHA256.HashData(big), EnvelopeSize = big.Length }, cancellationToken: cancellationToken);
            await sequencer.AppendAsync(Records.Verified(6), cancellationToken: cancellationToken);
            await sequencer.PublishTreeHeadAsync(cancellationToken);
        }

        var findings = await VerifyAsync(store, key, cancellationToken);
        Assert.That(findings, Is.EqualTo(new[] { new Finding(FindingCode.ArchivedEnvelopeMissing, 2, $"envelope {Records.EnvelopeId(6)} (entry 2) is not in the archive") }));
    }

    [Test, CancelAfter(60_000)]
    public async Task Sequencer_StoreFailsThenRecovers_AppendThrowsWritesNothingAndTheNextAppendContinuesTheLog(CancellationToken cancellationToken)
    {
        // Issue 12 item 5, the store side: the hub publishes copies only after this append returns, so a store that fails (PostgreSQL
        // gone, SQLite I/O error; here its table is out of reach) must make the append throw and leave no trace, and the retry succeed.
        var store = await CreateStoreAsync(cancellationToken);
        var key = new TestLogKey();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using var sequencer = await Broker.Audit.Sequencing.AuditSequencer.StartAsync(store, key, time, Broker.Audit.Sequencing.AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero }, cancellationToken);
        var (received, envelope) = Records.Received(0);
        await ExecuteAsync(store, "ALTER TABLE {0}audit_entries RENAME TO audit_entries_away", new Dictionary<string, object>(), cancellationToken);

        Assert.That(async () => await sequencer.AppendAsync(received, envelope, cancellationToken), Throws.Exception);

        await ExecuteAsync(store, "ALTER TABLE {0}audit_entries_away RENAME TO audit_entries", new Dictionary<string, object>(), cancellationToken);
        var hashesAfterFailure = await store.FindEnvelopeHashesAsync(received.EnvelopeId, cancellationToken);
        var appended = await sequencer.AppendAsync(received, envelope, cancellationToken);
        await sequencer.AppendAsync(Records.Verified(0), cancellationToken: cancellationToken);
        await sequencer.PublishTreeHeadAsync(cancellationToken);
        var result = await new AuditVerifier(key).VerifyAsync(store, [], cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hashesAfterFailure, Is.Empty, "the failed append archived nothing");
            Assert.That(appended.Index, Is.Zero);
            Assert.That(await store.CountAsync(cancellationToken), Is.EqualTo(2));
            Assert.That(result.Findings, Is.Empty);
        }
    }

    private static async Task AppendRefusedAsync(Broker.Audit.Sequencing.AuditSequencer sequencer, int seed, CancellationToken cancellationToken)
    {
        var junk = new byte[300];
        junk.AsSpan().Fill((byte)(0xA0 + seed));
        var (received, _) = Records.Received(seed);
        await sequencer.AppendAsync(received with { EnvelopeHash = System.Security.Cryptography.SHA256.HashData(junk), EnvelopeSize = junk.Length }, junk, cancellationToken);
        await sequencer.AppendAsync(Records.Verified(seed, accepted: false), cancellationToken: cancellationToken);
    }

    [Test, CancelAfter(60_000)]
    public async Task Verify_TreeHeadSignedByAnotherKey_NamesSignatureInvalid(CancellationToken cancellationToken)
    {
        var (store, key) = await SampleAsync(cancellationToken);
        var result = await new AuditVerifier(new TestLogKey()).VerifyAsync(store, [], cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Findings.Select(f => f.Code), Is.All.EqualTo(FindingCode.TreeHeadSignatureInvalid));
            Assert.That(result.Findings, Is.Not.Empty);
            Assert.That(result.LatestVerifiedHead, Is.Null);
        }
    }

    private async Task<(IAuditStore Store, TestLogKey Key)> SampleAsync(CancellationToken cancellationToken)
    {
        var store = await CreateStoreAsync(cancellationToken);
        var key = new TestLogKey();
        await using var sequencer = await SampleLog.WriteAsync(store, key, Envelopes, cancellationToken);
        return (store, key);
    }

    private static async Task<IReadOnlyList<Finding>> VerifyAsync(IAuditStore store, TestLogKey key, CancellationToken cancellationToken) =>
        (await new AuditVerifier(key).VerifyAsync(store, [], cancellationToken: cancellationToken)).Findings;

    private static byte[] Forge(long index, AuditRecord record) =>
        AuditEntryCodec.Encode(new AuditEntry(index, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), record));
}
