using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Keys;

namespace Broker.Protocol.Envelopes;

/// <summary>
/// Canonical CBOR of the whole envelope: <c>{1: header bytes, 2: signature, 3: [*[view index, ciphertext]], 4: [*[recipient index, enc, wrapped key]]}</c>
/// (envelope-v1.md §4). Reading refuses anything over <see cref="ProtocolLimits.MaxEnvelopeBytes"/> before parsing, and every
/// view and stanza must refer to an entry of the header, in ascending order without repeats.
/// </summary>
internal static class EnvelopeCodec
{
    public static byte[] Write(EnvelopeWire wire)
    {
        var w = Cbor.Writer();
        w.WriteStartMap(4);
        w.WriteUInt32(1);
        w.WriteByteString(wire.HeaderBytes.Span);
        w.WriteUInt32(2);
        wire.Signature.Write(w);
        w.WriteUInt32(3);
        w.WriteStartArray(wire.Views.Count);
        foreach (var view in wire.Views)
        {
            w.WriteStartArray(2);
            w.WriteInt32(view.Index);
            w.WriteByteString(view.Ciphertext.Span);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteUInt32(4);
        w.WriteStartArray(wire.Stanzas.Count);
        foreach (var stanza in wire.Stanzas)
        {
            w.WriteStartArray(3);
            w.WriteInt32(stanza.RecipientIndex);
            w.WriteByteString(stanza.Enc.Span);
            w.WriteByteString(stanza.WrappedKey.Span);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    public static bool TryRead(ReadOnlyMemory<byte> envelope, out EnvelopeWire? wire, out RejectReason reason) =>
        Cbor.TryDecode(envelope, ProtocolLimits.MaxEnvelopeBytes, Read, out wire, out reason);

    private static EnvelopeWire Read(CborReader r)
    {
        RejectException.ThrowIf(r.ReadMap(4) != 4, RejectReason.MissingField);
        RejectException.ThrowIf(r.ReadKey() != 1, RejectReason.MissingField);
        var headerBytes = r.ReadBytesUpTo(ProtocolLimits.MaxHeaderBytes);
        if (!HeaderCodec.TryRead(headerBytes, out var header, out var reason))
        {
            throw new RejectException(reason);
        }

        RejectException.ThrowIf(r.ReadKey() != 2, RejectReason.MissingField);
        var signature = CompositeSignature.Read(r);
        RejectException.ThrowIf(signature.Suite != header!.Suite, RejectReason.SuiteDowngrade);
        RejectException.ThrowIf(r.ReadKey() != 3, RejectReason.MissingField);
        var views = ReadViews(r, header);
        RejectException.ThrowIf(r.ReadKey() != 4, RejectReason.MissingField);
        var stanzas = ReadStanzas(r, header);
        r.ReadEndMap();
        return new EnvelopeWire(headerBytes, header, signature, views, stanzas);
    }

    private static List<WireView> ReadViews(CborReader r, EnvelopeHeader header)
    {
        var count = r.ReadArray(0, ProtocolLimits.MaxViews);
        var views = new List<WireView>(count);
        for (var i = 0; i < count; i++)
        {
            r.ReadTuple(2);
            // The cap is the highest index the header can define (7), as for Recipient.view (envelope-v1.md §4).
            var index = (int)r.ReadUInt(ProtocolLimits.MaxViews - 1);
            RejectException.ThrowIf(index >= header.Views.Count, RejectReason.InvalidReference);
            CheckAscending(i == 0 ? -1 : views[i - 1].Index, index);
            var ciphertext = r.ReadBytesUpTo(ProtocolLimits.MaxViewPlaintextBytes + 16);
            RejectException.ThrowIf(ciphertext.Length < 16, RejectReason.InvalidField);
            r.ReadEndArray();
            views.Add(new WireView(index, ciphertext));
        }

        r.ReadEndArray();
        return views;
    }

    private static List<WireStanza> ReadStanzas(CborReader r, EnvelopeHeader header)
    {
        var count = r.ReadArray(0, ProtocolLimits.MaxRecipients);
        var stanzas = new List<WireStanza>(count);
        for (var i = 0; i < count; i++)
        {
            r.ReadTuple(3);
            var index = (int)r.ReadUInt(ProtocolLimits.MaxRecipients - 1);
            RejectException.ThrowIf(index >= header.Recipients.Count, RejectReason.InvalidReference);
            CheckAscending(i == 0 ? -1 : stanzas[i - 1].RecipientIndex, index);
            var enc = r.ReadBytes(WireStanza.EncLength);
            var wrapped = r.ReadBytes(WireStanza.WrappedKeyLength);
            r.ReadEndArray();
            stanzas.Add(new WireStanza(index, enc, wrapped));
        }

        r.ReadEndArray();
        return stanzas;
    }

    private static void CheckAscending(int previous, int current)
    {
        RejectException.ThrowIf(current == previous, RejectReason.DuplicateEntry);
        RejectException.ThrowIf(current < previous, RejectReason.NonCanonicalEncoding);
    }
}
