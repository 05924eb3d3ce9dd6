using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Audit.TreeHeads;

namespace Broker.Audit.Receipts;

/// <summary>Canonical CBOR for receipts: [1, index, leaf hash, [path hashes], tree head]. Decoding caps the path at 64 hashes.</summary>
public static class InclusionReceiptCodec
{
    public const int MaxPathLength = 64;

    public static byte[] Encode(InclusionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(5);
        writer.WriteInt32(1);
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

    public static bool TryDecode(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out InclusionReceipt? receipt)
    {
        receipt = null;
        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 5 || reader.ReadInt32() != 1)
            {
                return false;
            }

            var index = reader.ReadInt64();
            var leaf = reader.ReadByteString();
            var count = reader.ReadStartArray();
            if (count is null or > MaxPathLength)
            {
                return false;
            }

            var path = new List<byte[]>(count.Value);
            for (var i = 0; i < count; i++)
            {
                path.Add(reader.ReadByteString());
            }

            reader.ReadEndArray();
            var head = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0 || !TreeHeadCodec.TryDecode(head, out var treeHead))
            {
                return false;
            }

            receipt = new InclusionReceipt { EntryIndex = index, LeafHash = leaf, Path = path, TreeHead = treeHead };
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return false;
        }
    }
}
