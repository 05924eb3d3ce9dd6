using System.Security.Cryptography;
using Broker.Audit.Merkle;
using Broker.Audit.Storage;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Verification;

/// <summary>
/// The auditor's structural check, needing no decryption key: recompute every leaf and the tree from the stored entries, check
/// every tree head's signature and that its root is what the entries give, check each witnessed head is consistent with the
/// log, and check each archived envelope against the hash the log recorded. Every difference becomes a named finding.
/// </summary>
public sealed partial class AuditVerifier(ITreeHeadVerifier treeHeads, string? logId = null)
{
    private const int ProgressEvery = 1000;

    public async Task<AuditVerification> VerifyAsync(IAuditStore store, IReadOnlyList<SignedTreeHead> witness, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(witness);
        var findings = new List<Finding>();
        var statistics = new AuditStatistics();
        var tree = new MerkleTree();
        var misplaced = new List<(long Position, long Claimed)>();
        var envelopes = new List<ReceivedEnvelope>();
        var lastReceived = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        var expected = 0L;
        await foreach (var stored in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Index > expected)
            {
                findings.Add(new Finding(FindingCode.EntryMissing, expected, stored.Index - expected == 1
                    ? $"entry {expected} is missing from the store"
                    : $"entries {expected}..{stored.Index - 1} are missing from the store"));
            }

            expected = stored.Index + 1;
            var leaf = MerkleHash.Leaf(stored.Entry);
            if (!CryptographicOperations.FixedTimeEquals(leaf, stored.LeafHash))
            {
                findings.Add(new Finding(FindingCode.EntryAltered, stored.Index, $"entry {stored.Index} was edited: its bytes no longer match its stored leaf hash"));
            }

            if (!AuditEntryCodec.TryDecode(stored.Entry, out var entry, out var reason))
            {
                findings.Add(new Finding(FindingCode.EntryMalformed, stored.Index, $"entry {stored.Index} does not decode ({reason})"));
            }
            else
            {
                // The index inside the leaf is the sequencer's; the row's index is the store's. They differ only if rows moved.
                if (entry.Index != stored.Index)
                {
                    misplaced.Add((stored.Index, entry.Index));
                }

                statistics.Observe(entry);
                if (entry.Record is EnvelopeReceived received)
                {
                    lastReceived[received.EnvelopeId] = envelopes.Count;
                    envelopes.Add(new ReceivedEnvelope(stored.Index, received));
                }
                else if (entry.Record is EnvelopeVerified { Accepted: false } refused && lastReceived.TryGetValue(refused.EnvelopeId, out var position))
                {
                    // The hub appends a refused envelope's received and verified entries together: the verdict is its latest arrival's.
                    envelopes[position] = envelopes[position] with { Refused = true };
                }
            }

            tree.Append(leaf);
            if (tree.Size % ProgressEvery == 0)
            {
                progress?.Report(new AuditProgress("entries", tree.Size, total));
            }
        }

        progress?.Report(new AuditProgress("entries", tree.Size, total));
        ClassifyMisplaced(misplaced, findings);
        var heads = await store.ReadTreeHeadsAsync(cancellationToken).ConfigureAwait(false);
        var latest = CheckTreeHeads(tree, heads, witness, findings);
        await CheckArchiveAsync(store, envelopes, findings, progress, cancellationToken).ConfigureAwait(false);
        return new AuditVerification
        {
            Findings = findings,
            EntryCount = tree.Size,
            TreeHeadsChecked = heads.Count,
            WitnessHeadsChecked = witness.Count,
            EnvelopesChecked = envelopes.Count,
            LatestVerifiedHead = latest,
            UncoveredEntries = tree.Size - (latest?.TreeSize ?? 0),
            Statistics = statistics,
        };
    }

    private static void ClassifyMisplaced(List<(long Position, long Claimed)> misplaced, List<Finding> findings)
    {
        if (misplaced.Count == 0)
        {
            return;
        }

        var first = misplaced[0];
        if (misplaced.All(m => m.Claimed == m.Position - 1))
        {
            findings.Add(new Finding(FindingCode.EntryInserted, first.Position - 1,
                $"an entry the sequencer did not write was inserted at position {first.Position - 1}; {misplaced.Count} later entries are shifted by one"));
        }
        else if (misplaced.All(m => m.Claimed == m.Position + 1))
        {
            findings.Add(new Finding(FindingCode.EntryMissing, first.Position,
                $"entry {first.Position} was removed and {misplaced.Count} later entries renumbered to hide the gap"));
        }
        else
        {
            var shown = string.Join(", ", misplaced.Take(10).Select(m => $"position {m.Position} holds entry {m.Claimed}"));
            findings.Add(new Finding(FindingCode.EntriesReordered, first.Position,
                $"{misplaced.Count} entries are out of place: {shown}{(misplaced.Count > 10 ? ", ..." : string.Empty)}"));
        }
    }

    private static async Task CheckArchiveAsync(IAuditStore store, List<ReceivedEnvelope> envelopes, List<Finding> findings, IProgress<AuditProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0L;
        foreach (var (index, record, refused) in envelopes)
        {
            // Looked up by the hash the entry recorded, not by id alone: another body claiming the same id (one that failed
            // verification) is another row and can neither stand in for this one nor be reported as its alteration.
            var bytes = await store.GetEnvelopeAsync(record.EnvelopeId, record.EnvelopeHash, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                if (!(refused && record.EnvelopeSize > ArchiveLimits.MaxRefusedEnvelopeBytes))
                {
                    findings.Add(new Finding(FindingCode.ArchivedEnvelopeMissing, index, $"envelope {record.EnvelopeId} (entry {index}) is not in the archive"));
                }
            }
            else if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), record.EnvelopeHash))
            {
                findings.Add(new Finding(FindingCode.ArchivedEnvelopeAltered, index, $"archived envelope {record.EnvelopeId} (entry {index}) differs from what the hub received"));
            }

            if (++done % ProgressEvery == 0)
            {
                progress?.Report(new AuditProgress("archive", done, envelopes.Count));
            }
        }

        progress?.Report(new AuditProgress("archive", done, envelopes.Count));
    }

    /// <summary>An EnvelopeReceived entry and whether the verification that followed it refused the envelope.</summary>
    private sealed record ReceivedEnvelope(long Index, EnvelopeReceived Record, bool Refused = false);
}
