using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;

namespace Broker.Audit.TreeHeads;

/// <summary>Serialises whole signed tree heads (payload fields + signature) for witness files, receipts and the auditor API.</summary>
public static class TreeHeadCodec
{
    public const int MaxSignatureBytes = 16 * 1024;

    public static byte[] Encode(SignedTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(2);
        writer.WriteByteString(head.SignedPayload());
        writer.WriteByteString(head.Signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static bool TryDecode(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out SignedTreeHead? head)
    {
        head = null;
        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 2)
            {
                return false;
            }

            var payload = reader.ReadByteString();
            var signature = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0 || signature.Length > MaxSignatureBytes)
            {
                return false;
            }

            var inner = new CborReader(payload, CborConformanceMode.Canonical);
            if (inner.ReadStartArray() != 5 || inner.ReadInt32() != 1)
            {
                return false;
            }

            var candidate = new SignedTreeHead
            {
                LogId = inner.ReadTextString(),
                TreeSize = inner.ReadInt64(),
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(inner.ReadInt64()),
                RootHash = inner.ReadByteString(),
                Signature = signature,
            };
            inner.ReadEndArray();
            if (inner.BytesRemaining != 0 || candidate.TreeSize < 0 || candidate.RootHash.Length != 32 || candidate.LogId.Length == 0)
            {
                return false;
            }

            head = candidate;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return false;
        }
    }
}
