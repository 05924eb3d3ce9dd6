namespace Broker.Protocol.Transparency;

/// <summary>
/// Proof that an entry is in the log, needing no signature of its own: the entry's position, its leaf hash, its RFC 9162
/// inclusion path and a signed tree head. One tree-head signature covers every receipt of a batch. Verification fails closed with
/// a <see cref="ReceiptCheck"/> reason; the path is checked by <see cref="MerkleProof.VerifyInclusion"/>, the one inclusion verifier.
/// </summary>
public sealed record InclusionReceipt
{
    public required long EntryIndex { get; init; }
    public required byte[] LeafHash { get; init; }
    public required IReadOnlyList<byte[]> Path { get; init; }
    public required SignedTreeHead TreeHead { get; init; }

    /// <summary>Checks the log id (when named), the tree-head signature, that the leaf is the hash of <paramref name="entry"/> (when given), and the path.</summary>
    public ReceiptCheck Verify(ITreeHeadVerifier verifier, ReadOnlySpan<byte> entry = default, string? expectedLogId = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (expectedLogId is not null && !string.Equals(expectedLogId, TreeHead.LogId, StringComparison.Ordinal))
        {
            return ReceiptCheck.WrongLog;
        }

        if (!verifier.Verify(TreeHead.SignedPayload(), TreeHead.Signature, out _))
        {
            return ReceiptCheck.TreeHeadSignatureInvalid;
        }

        return VerifyProof(entry);
    }

    /// <summary>
    /// The unsigned half of <see cref="Verify"/>, for a caller that checks the tree head's signature its own way (a routing receipt
    /// checks it against the registry's hub keys valid at the head's time): the leaf is the hash of <paramref name="entry"/> (when
    /// given) and the path leads from it to the head's root (RFC 9162 §2.1.3.2).
    /// </summary>
    public ReceiptCheck VerifyProof(ReadOnlySpan<byte> entry = default)
    {
        if (!entry.IsEmpty && !MerkleHash.Leaf(entry).AsSpan().SequenceEqual(LeafHash))
        {
            return ReceiptCheck.EntryMismatch;
        }

        return MerkleProof.VerifyInclusion(EntryIndex, TreeHead.TreeSize, LeafHash, Path, TreeHead.RootHash) == ProofResult.Valid
            ? ReceiptCheck.Valid
            : ReceiptCheck.ProofInvalid;
    }
}

public enum ReceiptCheck
{
    Valid = 0,
    TreeHeadSignatureInvalid = 1,
    EntryMismatch = 2,
    ProofInvalid = 3,
    WrongLog = 4,
    Malformed = 5,
}
