using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using System.Security.Cryptography;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Receipts;

/// <summary>The three wire shapes (single-signed, batch-signed, proven by the audit log) and the batch root.</summary>
public static partial class RoutingReceiptCodec
{
    private const int LeafBytes = 32;

    /// <summary>What a batch signature covers: SHA-256 over a label, the leaf count and the leaves in order.</summary>
    public static byte[] BatchRoot(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("broker/v1/receipt-batch-root"u8);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(count, leaves.Count);
        hash.AppendData(count);
        foreach (var leaf in leaves)
        {
            hash.AppendData(leaf);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The wire form from payload bytes and a detached signature made elsewhere (e.g. by a key held in an HSM).</summary>
    public static byte[] Assemble(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        var writer = Cbor.Writer();
        writer.WriteStartArray(2);
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>The wire form of receipt <paramref name="index"/> of a batch whose root was signed once.</summary>
    public static byte[] AssembleBatched(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> batchSignature, int index, IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var writer = Cbor.Writer();
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

    /// <summary>The wire form of a receipt proven by the audit log: payload, the exact entry bytes, the encoded inclusion receipt.</summary>
    public static byte[] AssembleProven(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> entry, ReadOnlySpan<byte> inclusion)
    {
        var writer = Cbor.Writer();
        writer.WriteStartArray(3);
        writer.WriteByteString(payload);
        writer.WriteByteString(entry);
        writer.WriteByteString(inclusion);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Signature is the entry bytes and Inclusion the proof in the proven (three-element) shape.</summary>
    private sealed record WireParts(byte[] Payload, byte[] Signature, int Index, List<byte[]>? Leaves, byte[]? Inclusion = null);

    private static bool TrySplit(ReadOnlySpan<byte> wire, [NotNullWhen(true)] out WireParts? parts, out RejectReason reason)
    {
        // The cap is checked before the copy the reader needs, so an oversized message costs no allocation.
        if (wire.Length > MaxReceiptBytes)
        {
            parts = null;
            reason = RejectReason.TooLarge;
            return false;
        }

        return Cbor.TryDecode(wire.ToArray(), MaxReceiptBytes, ReadWire, out parts, out reason);
    }

    private static WireParts ReadWire(CborReader r)
    {
        var count = r.ReadStartArray() ?? throw new RejectException(RejectReason.ForbiddenCborItem);
        RejectException.ThrowIf(count is not (2 or 3 or 4), RejectReason.Malformed);
        var payload = r.ReadBytesUpTo(MaxReceiptBytes).ToArray();
        var second = r.ReadBytesUpTo(MaxReceiptBytes).ToArray();
        var parts = count switch
        {
            2 => new WireParts(payload, second, 0, null),
            3 => new WireParts(payload, second, 0, null, r.ReadBytesUpTo(MaxReceiptBytes).ToArray()),
            _ => ReadBatch(r, payload, second),
        };
        r.ReadEndArray();
        return parts;
    }

    private static WireParts ReadBatch(CborReader r, byte[] payload, byte[] signature)
    {
        // Reasons as before the move: a leaf list or index outside the batch is LimitExceeded, a leaf of another size InvalidField.
        var index = r.ReadInt(int.MinValue, int.MaxValue);
        var count = r.ReadArray(0, MaxBatch);
        RejectException.ThrowIf(index < 0 || index >= count, RejectReason.LimitExceeded);
        var leaves = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var leaf = r.ReadBytesUpTo(MaxReceiptBytes);
            RejectException.ThrowIf(leaf.Length != LeafBytes, RejectReason.InvalidField);
            leaves.Add(leaf.ToArray());
        }

        r.ReadEndArray();
        return new WireParts(payload, signature, (int)index, leaves);
    }
}
