using Broker.Protocol.Encoding;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;

namespace Broker.Protocol.Tests.Support;

/// <summary>What an attacker on the path can do: take an envelope apart, change parts, put it back together (and re-sign with a key it holds).</summary>
internal static class Tamper
{
    public static EnvelopeWire Parse(byte[] envelope) =>
        EnvelopeCodec.TryRead(envelope, out var wire, out var reason) ? wire! : throw new InvalidOperationException($"Not a valid envelope: {reason}.");

    public static byte[] Write(EnvelopeWire wire) => EnvelopeCodec.Write(wire);

    /// <summary>Replaces the header and signs it with <paramref name="signer"/>, keeping views and stanzas as they are.</summary>
    public static byte[] Resign(EnvelopeWire wire, EnvelopeHeader header, SigningKeyPair signer, bool deterministic = false)
    {
        var headerBytes = HeaderCodec.Write(header);
        return Write(wire with { HeaderBytes = headerBytes, Header = header, Signature = Sign(headerBytes, signer, deterministic) });
    }

    public static CompositeSignature Sign(byte[] headerBytes, SigningKeyPair signer, bool deterministic = false)
    {
        var bytes = DetachedSignature.Sign("broker/v1/envelope", headerBytes, signer, deterministic);
        return Cbor.TryDecode(bytes, 8192, CompositeSignature.Read, out var signature, out _) ? signature! : throw new InvalidOperationException("Signature did not parse.");
    }

    /// <summary>Writes the envelope map by hand with the signature array replaced by <paramref name="writeSignature"/>.</summary>
    public static byte[] WithSignatureArray(EnvelopeWire wire, Action<System.Formats.Cbor.CborWriter> writeSignature)
    {
        var w = new System.Formats.Cbor.CborWriter(System.Formats.Cbor.CborConformanceMode.Lax);
        w.WriteStartMap(4);
        w.WriteUInt32(1);
        w.WriteByteString(wire.HeaderBytes.Span);
        w.WriteUInt32(2);
        writeSignature(w);
        var tail = EncodedTail(wire);
        w.WriteUInt32(3);
        w.WriteEncodedValue(tail.Views);
        w.WriteUInt32(4);
        w.WriteEncodedValue(tail.Stanzas);
        w.WriteEndMap();
        return w.Encode();
    }

    private static (byte[] Views, byte[] Stanzas) EncodedTail(EnvelopeWire wire)
    {
        var reader = new System.Formats.Cbor.CborReader(Write(wire));
        reader.ReadStartMap();
        reader.ReadUInt32();
        reader.SkipValue();
        reader.ReadUInt32();
        reader.SkipValue();
        reader.ReadUInt32();
        var views = reader.ReadEncodedValue().ToArray();
        reader.ReadUInt32();
        return (views, reader.ReadEncodedValue().ToArray());
    }
}
