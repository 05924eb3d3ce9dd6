using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Transparency;

/// <summary>
/// Canonical CBOR for inclusion receipts (audit-log.md §5): <c>[1, index, leaf hash, [path hashes], sth (bstr)]</c>. Decoding goes
/// through the strict pre-walk, caps the path at <see cref="MaxPathLength"/> hashes and decodes the embedded tree head the same way.
/// </summary>
public static class InclusionReceiptCodec
{
    public const int FormatVersion = 1;

    /// <summary>A path of 64 hashes proves a leaf in a tree of up to 2^64 entries.</summary>
    public const int MaxPathLength = 64;

    public const int MaxReceiptBytes = TreeHeadCodec.MaxTreeHeadBytes + ((MaxPathLength + 1) * (MerkleHash.Size + 2)) + 64;

    public static byte[] Encode(InclusionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentOutOfRangeException.ThrowIfNegative(receipt.EntryIndex);
        var writer = Cbor.Writer();
        writer.WriteStartArray(5);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt64(receipt.EntryIndex);
        writer.WriteByteString(receipt.LeafHash);
        writer.WriteStartArray(receipt.Path.Count);
        foreach (var hash in receipt.Path)
        {
            writer.WriteByteString(hash);
        }

        writer.WriteEndArray();
        writer.WriteByteString(TreeHeadCodec.Encode(receipt.TreeHead));
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>
    /// <see cref="RejectReason.TooLarge"/> over <see cref="MaxReceiptBytes"/>, <see cref="RejectReason.LimitExceeded"/> for a path
    /// over <see cref="MaxPathLength"/>, <see cref="RejectReason.InvalidField"/> for another format version or a hash that is not
    /// 32 bytes, the tree head's own reasons, and the pre-walk's reasons.
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out InclusionReceipt? receipt, out RejectReason reason) =>
        Cbor.TryDecode(bytes, MaxReceiptBytes, Read, out receipt, out reason);

    private static InclusionReceipt Read(CborReader r)
    {
        r.ReadTuple(5);
        RejectException.ThrowIf(r.ReadCount() != FormatVersion, RejectReason.InvalidField);
        var index = r.ReadCount();
        var leaf = r.ReadBytes(MerkleHash.Size).ToArray();
        var count = r.ReadArray(0, MaxPathLength);
        var path = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            path.Add(r.ReadBytes(MerkleHash.Size).ToArray());
        }

        r.ReadEndArray();
        var head = r.ReadBytesUpTo(TreeHeadCodec.MaxTreeHeadBytes);
        r.ReadEndArray();
        if (!TreeHeadCodec.TryDecode(head, out var treeHead, out var reason))
        {
            throw new RejectException(reason);
        }

        return new InclusionReceipt { EntryIndex = index, LeafHash = leaf, Path = path, TreeHead = treeHead };
    }
}
