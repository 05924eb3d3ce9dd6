using System.Formats.Cbor;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Envelopes;

/// <summary>
/// Canonical CBOR of <see cref="EnvelopeHeader"/> (envelope-v1.md §4.1). Writing then reading yields an equal header, and
/// reading accepts only the canonical form, so the signed bytes and the header model are in one-to-one correspondence.
/// </summary>
internal static partial class HeaderCodec
{
    private const uint RequiredKeys = 0b1_1111_1111_1011_1110; // keys 1-16 except 6 (in-reply-to is optional)

    public static byte[] Write(EnvelopeHeader header)
    {
        var w = Cbor.Writer();
        w.WriteStartMap(header.InReplyTo is null ? 15 : 16);
        w.WriteUInt32(1);
        w.WriteInt32(header.Suite);
        w.WriteUInt32(2);
        w.WriteTextString(header.Sender.Value);
        w.WriteUInt32(3);
        w.WriteByteString(header.SenderKeyId.Bytes);
        w.WriteUInt32(4);
        w.WriteByteString(header.Id.Bytes);
        w.WriteUInt32(5);
        w.WriteInt32((int)header.Kind);
        if (header.InReplyTo is { } replyTo)
        {
            w.WriteUInt32(6);
            w.WriteByteString(replyTo.Bytes);
        }

        w.WriteUInt32(7);
        w.WriteTime(header.Created);
        w.WriteUInt32(8);
        w.WriteTime(header.Expires);
        w.WriteUInt32(9);
        w.WriteInt32((int)header.Category);
        w.WriteUInt32(10);
        w.WriteInt32((int)header.Priority);
        w.WriteUInt32(11);
        w.WriteInt32((int)header.Tlp);
        w.WriteUInt32(12);
        w.WriteInt32((int)header.Classification);
        w.WriteUInt32(13);
        w.WriteInt32((int)header.Handling);
        w.WriteUInt32(14);
        w.WriteBoolean(header.Broadcast);
        w.WriteUInt32(15);
        WriteRecipients(w, header.Recipients);
        w.WriteUInt32(16);
        WriteViews(w, header.Views);
        w.WriteEndMap();
        return w.Encode();
    }

    private static void WriteRecipients(CborWriter w, IReadOnlyList<HeaderRecipient> recipients)
    {
        w.WriteStartArray(recipients.Count);
        foreach (var r in recipients)
        {
            w.WriteStartArray(3);
            w.WriteTextString(r.Agency.Value);
            w.WriteInt32(r.ViewIndex);
            w.WriteByteString(r.EncryptionKeyId.Bytes);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void WriteViews(CborWriter w, IReadOnlyList<HeaderView> views)
    {
        w.WriteStartArray(views.Count);
        foreach (var v in views)
        {
            w.WriteStartArray(3);
            w.WriteStartArray(v.DataClasses.Count);
            foreach (var dataClass in v.DataClasses)
            {
                w.WriteTextString(dataClass.Value);
            }

            w.WriteEndArray();
            w.WriteByteString(v.CiphertextHash);
            w.WriteByteString(v.KeyCommitment);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }
}
