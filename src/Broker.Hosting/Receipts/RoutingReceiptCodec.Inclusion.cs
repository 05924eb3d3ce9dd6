using System.Formats.Cbor;
using System.Security.Cryptography;
using Broker.Protocol;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Hosting.Receipts;

/// <summary>
/// The third wire shape, <c>[payload, entry, inclusion]</c>: the receipt is not signed on its own. <c>entry</c> is the audit log
/// entry (protocols/audit-log.md §2, kind 8 RoutingReceipt) that holds exactly this payload, and <c>inclusion</c> is its RFC 9162
/// inclusion proof against a signed tree head (§5): <c>[1, index, leaf-hash, [path...], sth]</c>, sth = <c>[sth-payload, signature]</c>
/// signed by a hub key with purpose <see cref="TreeHeadSignaturePurpose"/>. Parsed here with bounds so gateways need no audit library.
/// </summary>
public static partial class RoutingReceiptCodec
{
    public const string TreeHeadSignaturePurpose = "broker/v1/tree-head";
    private const int RoutingReceiptEntryKind = 8;
    private const int MaxInclusionPath = 64;

    /// <summary>The wire form of a receipt proven by the audit log: payload, the exact entry bytes, the encoded inclusion receipt.</summary>
    public static byte[] AssembleProven(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> entry, ReadOnlySpan<byte> inclusion)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(3);
        writer.WriteByteString(payload);
        writer.WriteByteString(entry);
        writer.WriteByteString(inclusion);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>
    /// Checks the entry holds the payload, the leaf hash is the entry's, the path leads to the tree head's root (RFC 9162
    /// §2.1.3.2), and the tree head verifies under a hub key valid at its timestamp. Returns the signed bytes the caller checks.
    /// </summary>
    private static RejectReason VerifyProven(byte[] payload, byte[] entry, byte[] inclusion, TrustRegistry registry)
    {
        try
        {
            if (!EntryHoldsPayload(entry, payload, out var entryIndex))
            {
                return RejectReason.InvalidReference;
            }

            var reader = new CborReader(inclusion, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 5 || reader.ReadInt32() != 1 || reader.ReadInt64() != entryIndex)
            {
                return RejectReason.InvalidReference;
            }

            var leaf = reader.ReadByteString();
            var count = reader.ReadStartArray();
            if (count is null or > MaxInclusionPath)
            {
                return RejectReason.LimitExceeded;
            }

            var path = new List<byte[]>(count.Value);
            for (var i = 0; i < count; i++)
            {
                path.Add(reader.ReadByteString());
            }

            reader.ReadEndArray();
            var sth = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                return RejectReason.TrailingBytes;
            }

            var expectedLeaf = SHA256.HashData([0x00, .. entry]);
            if (!CryptographicOperations.FixedTimeEquals(leaf, expectedLeaf))
            {
                return RejectReason.InvalidReference;
            }

            if (!TryReadTreeHead(sth, out var headPayload, out var signature, out var treeSize, out var timestamp, out var root))
            {
                return RejectReason.Malformed;
            }

            if (!InclusionHolds(entryIndex, treeSize, leaf, path, root))
            {
                return RejectReason.InvalidReference;
            }

            return VerifyWithHubKeys(registry, TreeHeadSignaturePurpose, headPayload, signature, timestamp);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException or FormatException)
        {
            return RejectReason.Malformed;
        }
    }

    /// <summary>entry = [1, index, time, 8, [envelope-id, sender, payload]] and its payload is byte-for-byte the receipt's.</summary>
    private static bool EntryHoldsPayload(byte[] entry, byte[] payload, out long index)
    {
        var reader = new CborReader(entry, CborConformanceMode.Canonical);
        index = -1;
        if (reader.ReadStartArray() != 5 || reader.ReadInt32() != 1)
        {
            return false;
        }

        index = reader.ReadInt64();
        reader.ReadInt64();
        if (reader.ReadInt32() != RoutingReceiptEntryKind || reader.ReadStartArray() != 3)
        {
            return false;
        }

        reader.SkipValue();
        reader.SkipValue();
        var held = reader.ReadByteString();
        reader.ReadEndArray();
        reader.ReadEndArray();
        return reader.BytesRemaining == 0 && index >= 0 && held.AsSpan().SequenceEqual(payload);
    }

    private static bool TryReadTreeHead(byte[] sth, out byte[] payload, out byte[] signature, out long treeSize, out DateTimeOffset timestamp, out byte[] root)
    {
        var outer = new CborReader(sth, CborConformanceMode.Canonical);
        treeSize = 0;
        timestamp = default;
        root = [];
        if (outer.ReadStartArray() != 2)
        {
            payload = signature = [];
            return false;
        }

        payload = outer.ReadByteString();
        signature = outer.ReadByteString();
        outer.ReadEndArray();
        var inner = new CborReader(payload, CborConformanceMode.Canonical);
        if (outer.BytesRemaining != 0 || inner.ReadStartArray() != 5 || inner.ReadInt32() != 1)
        {
            return false;
        }

        inner.ReadTextString();
        treeSize = inner.ReadInt64();
        timestamp = DateTimeOffset.FromUnixTimeMilliseconds(inner.ReadInt64());
        root = inner.ReadByteString();
        inner.ReadEndArray();
        return inner.BytesRemaining == 0 && root.Length == 32 && treeSize > 0;
    }

    /// <summary>RFC 9162 §2.1.3.2, step for step.</summary>
    private static bool InclusionHolds(long index, long treeSize, byte[] leaf, List<byte[]> path, byte[] root)
    {
        if (index >= treeSize)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leaf;
        foreach (var p in path)
        {
            if (p.Length != 32 || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = SHA256.HashData([0x01, .. p, .. r]);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = SHA256.HashData([0x01, .. r, .. p]);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    private static RejectReason VerifyWithHubKeys(TrustRegistry registry, string purpose, byte[] signed, byte[] signature, DateTimeOffset at)
    {
        var reason = RejectReason.UnknownKey;
        foreach (var key in registry.Hub.SigningKeys)
        {
            if (key.Status == KeyStatus.Revoked || at < key.NotBefore || at > key.NotAfter)
            {
                continue;
            }

            if (DetachedSignature.Verify(purpose, signed, signature, key.Key, out var keyReason))
            {
                return RejectReason.None;
            }

            if (keyReason != RejectReason.SignatureKeyMismatch)
            {
                reason = keyReason;
            }
        }

        return reason;
    }
}
