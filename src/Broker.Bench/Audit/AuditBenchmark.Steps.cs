using System.Diagnostics;
using Broker.Audit.Merkle;
using Broker.Audit.Query;
using Broker.Audit.Replay;
using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Audit.Verification;
using Broker.Bench.World;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Transparency;

namespace Broker.Bench.Audit;

internal sealed partial class AuditBenchmark
{
    private const int Proofs = 20_000;

    private async Task AppendAsync(IAuditStore store, GeneratedLog log, List<(AuditRecord Record, byte[]? Envelope)> records, CancellationToken cancellationToken)
    {
        var options = AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero };
        await using var sequencer = await AuditSequencer.StartAsync(store, new CompositeTreeHeadSigner(log.World.Hub), TimeProvider.System, options, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        // Setup records (registry, policies) go first and alone, so replay finds them in force.
        var next = -1;
        for (var i = 0; i < log.Setup.Count; i++)
        {
            await sequencer.AppendAsync(records[i].Record, records[i].Envelope, cancellationToken).ConfigureAwait(false);
        }

        next = log.Setup.Count - 1;
        // Each producer takes the next envelope's five records and hands them over together, as a hub instance would: the
        // sequencer keeps submission order, so they land in order, and it batches what all producers have in flight.
        var workers = Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int start;
            while ((start = Interlocked.Add(ref next, 5) - 4) < records.Count)
            {
                var pending = new List<Task<AppendedEntry>>(5);
                for (var i = start; i < start + 5 && i < records.Count; i++)
                {
                    pending.Add(sequencer.AppendAsync(records[i].Record, records[i].Envelope ?? default, cancellationToken));
                }

                await Task.WhenAll(pending).ConfigureAwait(false);
            }
        }, cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
        Record($"append through the sequencer ({producers} producers, batches ≤ {options.MaxBatch})", records.Count, clock.Elapsed, "entries");
        var head = await sequencer.PublishTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        _rows.Add(("signed tree head", $"size {head.TreeSize:N0}, root {head.RootHex[..16]}…"));
    }

    private async Task ProofsAsync(IAuditStore store, CancellationToken cancellationToken)
    {
        var tree = new MerkleTree();
        var clock = Stopwatch.StartNew();
        await foreach (var entry in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            tree.Append(entry.LeafHash);
        }

        Record("load leaf hashes and build the tree", tree.Size, clock.Elapsed, "entries");
        var size = tree.Size;
        var root = tree.RootHash(size);
        var indices = Enumerable.Range(0, Proofs).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32((int)size)).ToArray();
        var paths = Time("inclusion proof generation", Proofs, () => indices.Select(i => tree.InclusionProof(i, size)).ToArray(), "proofs");
        Time("inclusion proof verification (RFC 9162 §2.1.3.2)", Proofs, () =>
        {
            for (var i = 0; i < Proofs; i++)
            {
                if (MerkleProof.VerifyInclusion(indices[i], size, tree.LeafHash(indices[i]), paths[i], root) != ProofResult.Valid)
                {
                    throw new InvalidOperationException("A generated inclusion proof did not verify.");
                }
            }
        }, "proofs");
        Time("consistency proof generation", Proofs, () => indices.Select(i => tree.ConsistencyProof(Math.Max(1, i), size)).ToArray(), "proofs");
        using var query = new AuditQueryService(store);
        var sample = Math.Min(2_000, Proofs);
        clock.Restart();
        for (var i = 0; i < sample; i++)
        {
            _ = await query.GetInclusionProofAsync(tree.LeafHash(indices[i]), size, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("A stored entry had no proof.");
        }

        Record("inclusion proof by entry hash via the query service (store lookup + proof)", sample, clock.Elapsed, "proofs");
    }

    private async Task VerifyAsync(IAuditStore store, BenchWorld world, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await new AuditVerifier(new CompositeTreeHeadVerifier([world.Hub.PublicKey])).VerifyAsync(store, [], cancellationToken: cancellationToken).ConfigureAwait(false);
        _verifyFindings = result.Findings.Count;
        Record($"audit verify (recompute tree, heads, archive; {result.Findings.Count} findings)", result.EntryCount, clock.Elapsed, "entries");
    }

    private async Task<TimeSpan> ReplayAsync(IAuditStore store, BenchWorld world, bool report, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await new AuditReplayer(world.Anchor.PublicKey).ReplayAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        _replayFindings = result.Findings.Count;
        if (report)
        {
            _rows.Add(("audit replay checked", $"{result.EnvelopesReverified:N0} envelopes re-verified, {result.DecisionsReplayed:N0} decisions re-evaluated, {result.Findings.Count} findings"));
        }

        return elapsed;
    }
}
