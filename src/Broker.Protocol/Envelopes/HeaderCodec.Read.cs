using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Envelopes;

internal static partial class HeaderCodec
{
    /// <summary>Parses header bytes; the suite (key 1, first in canonical order) is checked before anything else is read.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> bytes, out EnvelopeHeader? header, out RejectReason reason) =>
        Cbor.TryDecode(bytes, ProtocolLimits.MaxHeaderBytes, Read, out header, out reason);

    private static EnvelopeHeader Read(CborReader r)
    {
        var count = r.ReadMap(16);
        RejectException.ThrowIf(count == 0 || r.ReadKey() != 1, RejectReason.MissingField);
        var suite = r.ReadULong();
        var suiteCheck = Suite.Check(suite);
        RejectException.ThrowIf(suiteCheck != RejectReason.None, suiteCheck);

        var h = new Fields { Suite = (int)suite };
        var seen = 1u << 1;
        for (var i = 1; i < count; i++)
        {
            var key = r.ReadKey();
            RejectException.ThrowIf(key is 0 or > 16, RejectReason.UnknownField);
            seen |= 1u << (int)key;
            ReadField(r, key, h);
        }

        r.ReadEndMap();
        CborReading.RequireFields(seen, RequiredKeys);
        return h.ToHeader();
    }

    private static void ReadField(CborReader r, uint key, Fields h)
    {
        switch (key)
        {
            case 2: h.Sender = ReadAgency(r); break;
            case 3: h.SenderKeyId = KeyId.FromBytes(r.ReadBytes(KeyId.Length).Span); break;
            case 4: h.Id = EnvelopeId.FromBytes(r.ReadBytes(EnvelopeId.Length).Span); break;
            case 5: h.Kind = r.ReadEnum<MessageKind>(); break;
            case 6: h.InReplyTo = EnvelopeId.FromBytes(r.ReadBytes(EnvelopeId.Length).Span); break;
            case 7: h.Created = r.ReadTime(); break;
            case 8: h.Expires = r.ReadTime(); break;
            case 9: h.Category = r.ReadEnum<Category>(); break;
            case 10: h.Priority = r.ReadEnum<Priority>(); break;
            case 11: h.Tlp = r.ReadEnum<Tlp>(); break;
            case 12: h.Classification = r.ReadEnum<Classification>(); break;
            case 13: h.Handling = (HandlingCodes)r.ReadUInt(15); break;
            case 14:
                RejectException.ThrowIf(r.PeekState() != CborReaderState.Boolean, RejectReason.InvalidField);
                h.Broadcast = r.ReadBoolean();
                break;
            case 15: h.Recipients = ReadRecipients(r); break;
            default: h.Views = ReadViews(r); break;
        }
    }

    internal static AgencyId ReadAgency(CborReader r) =>
        AgencyId.TryParse(r.ReadIdentifier(AgencyId.MaxLength), out var id) ? id : throw new RejectException(RejectReason.InvalidField);

    private static List<HeaderRecipient> ReadRecipients(CborReader r)
    {
        var count = r.ReadArray(1, ProtocolLimits.MaxRecipients);
        var list = new List<HeaderRecipient>(count);
        for (var i = 0; i < count; i++)
        {
            r.ReadTuple(3);
            var agency = ReadAgency(r);
            var view = (int)r.ReadUInt(ProtocolLimits.MaxViews - 1);
            var keyId = KeyId.FromBytes(r.ReadBytes(KeyId.Length).Span);
            r.ReadEndArray();
            if (i > 0)
            {
                var order = string.CompareOrdinal(list[i - 1].Agency.Value, agency.Value);
                RejectException.ThrowIf(order == 0, RejectReason.DuplicateEntry);
                RejectException.ThrowIf(order > 0, RejectReason.NonCanonicalEncoding);
            }

            list.Add(new HeaderRecipient(agency, view, keyId));
        }

        r.ReadEndArray();
        return list;
    }

    private static List<HeaderView> ReadViews(CborReader r)
    {
        var count = r.ReadArray(1, ProtocolLimits.MaxViews);
        var list = new List<HeaderView>(count);
        for (var i = 0; i < count; i++)
        {
            r.ReadTuple(3);
            var classCount = r.ReadArray(0, ProtocolLimits.MaxDataClassesPerView);
            var classes = new List<DataClass>(classCount);
            for (var c = 0; c < classCount; c++)
            {
                var text = r.ReadIdentifier(DataClass.MaxLength);
                RejectException.ThrowIf(!DataClass.TryParse(text, out var dataClass), RejectReason.InvalidField);
                var order = c == 0 ? -1 : string.CompareOrdinal(classes[c - 1].Value, text);
                RejectException.ThrowIf(order == 0, RejectReason.DuplicateEntry);
                RejectException.ThrowIf(order > 0, RejectReason.NonCanonicalEncoding);
                classes.Add(dataClass);
            }

            r.ReadEndArray();
            var hash = r.ReadBytes(32).ToArray();
            var commitment = r.ReadBytes(32).ToArray();
            r.ReadEndArray();
            list.Add(new HeaderView(i, classes, hash, commitment));
        }

        r.ReadEndArray();
        return list;
    }
}
