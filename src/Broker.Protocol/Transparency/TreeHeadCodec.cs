using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Transparency;

/// <summary>
/// Whole signed tree heads, <c>[sth-payload (bstr), signature (bstr)]</c> (audit-log.md §4), for witness files, receipts, the
/// store and the auditor API. Both layers decode through the strict pre-walk; a head that does not decode names why.
/// </summary>
public static class TreeHeadCodec
{
    public const int MaxSignatureBytes = 16 * 1024;

    /// <summary>The payload is a log id of at most <see cref="SignedTreeHead.MaxLogIdChars"/> and four short fields: 1 KiB holds it.</summary>
    public const int MaxPayloadBytes = 1024;

    public const int MaxTreeHeadBytes = MaxSignatureBytes + MaxPayloadBytes + 16;

    public static byte[] Encode(SignedTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var writer = Cbor.Writer();
        writer.WriteStartArray(2);
        writer.WriteByteString(head.SignedPayload());
        writer.WriteByteString(head.Signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>
    /// <see cref="RejectReason.TooLarge"/> over <see cref="MaxTreeHeadBytes"/>, <see cref="RejectReason.LimitExceeded"/> for a
    /// signature over <see cref="MaxSignatureBytes"/>, <see cref="RejectReason.InvalidField"/> for another format version, an empty
    /// log id or a root that is not 32 bytes, and the pre-walk's reasons for either layer.
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out SignedTreeHead? head, out RejectReason reason) =>
        Cbor.TryDecode(bytes, MaxTreeHeadBytes, Read, out head, out reason);

    private static SignedTreeHead Read(CborReader r)
    {
        r.ReadTuple(2);
        var payload = r.ReadBytesUpTo(MaxPayloadBytes);
        var signature = r.ReadBytesUpTo(MaxSignatureBytes);
        r.ReadEndArray();
        if (!Cbor.TryDecode(payload, MaxPayloadBytes, ReadPayload, out var head, out var reason))
        {
            throw new RejectException(reason);
        }

        return head with { Signature = signature.ToArray() };
    }

    private static SignedTreeHead ReadPayload(CborReader r)
    {
        r.ReadTuple(5);
        RejectException.ThrowIf(r.ReadCount() != SignedTreeHead.FormatVersion, RejectReason.InvalidField);
        var logId = r.ReadText(SignedTreeHead.MaxLogIdChars);
        RejectException.ThrowIf(logId.Length == 0, RejectReason.InvalidField);
        var head = new SignedTreeHead
        {
            LogId = logId,
            TreeSize = r.ReadCount(),
            Timestamp = r.ReadTime(),
            RootHash = r.ReadBytes(MerkleHash.Size).ToArray(),
            Signature = [],
        };
        r.ReadEndArray();
        return head;
    }
}
