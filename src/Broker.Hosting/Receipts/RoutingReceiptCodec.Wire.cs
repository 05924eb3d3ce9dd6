using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using System.Security.Cryptography;
using Broker.Protocol;

namespace Broker.Hosting.Receipts;

/// <summary>The two wire shapes (single and batch-signed) and the batch root.</summary>
public static partial class RoutingReceiptCodec
{
    /// <summary>What a batch signature covers: SHA-256 over a label, the leaf count and the leaves in order.</summary>
    public static byte[] BatchRoot(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("broker/v1/receipt-batch-root"u8);
        Span<byte> count = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(count, leaves.Count);
        hash.AppendData(count);
        foreach (var leaf in leaves)
        {
            hash.AppendData(leaf);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The wire form of receipt <paramref name="index"/> of a batch whose root was signed once.</summary>
    public static byte[] AssembleBatched(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> batchSignature, int index, IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteByteString(payload);
        writer.WriteByteString(batchSignature);
        writer.WriteInt32(index);
        writer.WriteStartArray(leaves.Count);
        foreach (var leaf in leaves)
        {
            writer.WriteByteString(leaf);
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Signature is the entry bytes and Inclusion the proof in the proven (three-element) shape.</summary>
    private sealed record WireParts(byte[] Payload, byte[] Signature, int Index, List<byte[]>? Leaves, byte[]? Inclusion = null);

    private static bool TrySplit(ReadOnlySpan<byte> wire, [NotNullWhen(true)] out WireParts? parts, out RejectReason reason)
    {
        parts = null;
        if (wire.Length > MaxReceiptBytes)
        {
            reason = RejectReason.TooLarge;
            return false;
        }

        try
        {
            var reader = new CborReader(wire.ToArray(), CborConformanceMode.Canonical);
            var count = reader.ReadStartArray();
            if (count is not (2 or 3 or 4))
            {
                reason = RejectReason.Malformed;
                return false;
            }

            var payload = reader.ReadByteString();
            var signature = reader.ReadByteString();
            List<byte[]>? leaves = null;
            byte[]? inclusion = null;
            var index = 0;
            if (count == 3)
            {
                inclusion = reader.ReadByteString();
            }
            else if (count == 4)
            {
                index = reader.ReadInt32();
                var leafCount = reader.ReadStartArray();
                if (leafCount is null or < 1 or > MaxBatch || index < 0 || index >= leafCount)
                {
                    reason = RejectReason.LimitExceeded;
                    return false;
                }

                leaves = new List<byte[]>(leafCount.Value);
                for (var i = 0; i < leafCount; i++)
                {
                    var leaf = reader.ReadByteString();
                    if (leaf.Length != 32)
                    {
                        reason = RejectReason.InvalidField;
                        return false;
                    }

                    leaves.Add(leaf);
                }

                reader.ReadEndArray();
            }

            reader.ReadEndArray();
            reason = reader.BytesRemaining == 0 ? RejectReason.None : RejectReason.TrailingBytes;
            parts = new WireParts(payload, signature, index, leaves, inclusion);
            return reason == RejectReason.None;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException)
        {
            reason = RejectReason.Malformed;
            return false;
        }
    }
}
