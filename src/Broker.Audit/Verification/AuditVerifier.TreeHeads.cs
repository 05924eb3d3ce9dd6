using Broker.Audit.Merkle;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Verification;

public sealed partial class AuditVerifier
{
    private SignedTreeHead? CheckTreeHeads(MerkleTree tree, IReadOnlyList<SignedTreeHead> stored, IReadOnlyList<SignedTreeHead> witness, List<Finding> findings)
    {
        var valid = new List<(SignedTreeHead Head, bool Witnessed)>();
        foreach (var (head, witnessed) in stored.Select(h => (h, false)).Concat(witness.Select(h => (h, true))))
        {
            var source = witnessed ? "witnessed" : "stored";
            if (logId is not null && !string.Equals(head.LogId, logId, StringComparison.Ordinal))
            {
                continue;
            }

            if (!treeHeads.Verify(head.SignedPayload(), head.Signature, out var reason))
            {
                findings.Add(new Finding(FindingCode.TreeHeadSignatureInvalid, head.TreeSize, $"the {source} tree head of size {head.TreeSize} has an invalid signature ({reason})"));
                continue;
            }

            valid.Add((head, witnessed));
        }

        // Two validly signed heads of one size with different roots prove a fork by themselves.
        foreach (var group in valid.GroupBy(v => v.Head.TreeSize).Where(g => g.Select(v => v.Head.RootHex).Distinct().Count() > 1))
        {
            findings.Add(new Finding(FindingCode.ForkedLog, group.Key, $"two validly signed tree heads of size {group.Key} have different roots"));
        }

        var matching = new List<SignedTreeHead>();
        foreach (var (head, _) in valid.Where(v => !v.Witnessed))
        {
            if (head.TreeSize > tree.Size)
            {
                findings.Add(new Finding(FindingCode.LogTruncated, head.TreeSize, $"a tree head commits to {head.TreeSize} entries but the store holds {tree.Size}"));
            }
            else if (!head.RootHash.AsSpan().SequenceEqual(tree.RootHash(head.TreeSize)))
            {
                var before = matching.Count == 0 ? 0 : matching.Max(h => h.TreeSize);
                findings.Add(new Finding(FindingCode.EntriesRewritten, head.TreeSize,
                    $"the stored entries do not give the root signed for size {head.TreeSize}: entries between {before} and {head.TreeSize - 1} were changed"));
            }
            else
            {
                matching.Add(head);
            }
        }

        var latest = matching.MaxBy(h => h.TreeSize);
        CheckWitness(tree, valid.Where(v => v.Witnessed).Select(v => v.Head), latest, findings);
        return latest;
    }

    /// <summary>Each head seen in an earlier audit must be consistent (RFC 9162 §2.1.4.2) with the log's latest verified head.</summary>
    private static void CheckWitness(MerkleTree tree, IEnumerable<SignedTreeHead> witnessed, SignedTreeHead? latest, List<Finding> findings)
    {
        foreach (var seen in witnessed)
        {
            if (seen.TreeSize > tree.Size)
            {
                findings.Add(new Finding(FindingCode.LogTruncated, seen.TreeSize, $"a tree head seen earlier committed to {seen.TreeSize} entries but the store now holds {tree.Size}"));
                continue;
            }

            (long TreeSize, byte[] RootHash) target = latest is not null && latest.TreeSize >= seen.TreeSize
                ? (latest.TreeSize, latest.RootHash)
                : (tree.Size, tree.RootHash(tree.Size));
            var proof = tree.ConsistencyProof(seen.TreeSize, target.TreeSize);
            if (MerkleProof.VerifyConsistency(seen.TreeSize, target.TreeSize, seen.RootHash, target.RootHash, proof) != ProofResult.Valid)
            {
                findings.Add(new Finding(FindingCode.ForkedLog, seen.TreeSize,
                    $"the tree head of size {seen.TreeSize} seen earlier (root {seen.RootHex[..16]}…) is not consistent with the log at size {target.TreeSize}"));
            }
        }
    }
}
