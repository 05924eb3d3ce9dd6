using System.Formats.Cbor;
using System.Security.Cryptography;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Keys;

/// <summary>
/// The wire form of a composite signature, CBOR <c>[suite, key id, ed25519 sig, ml-dsa-65 sig]</c> (envelope-v1.md §6), and the
/// transcript both halves sign: "broker/v1/composite-signature" ‖ 0x00 ‖ suite ‖ len(purpose) ‖ purpose ‖ SHA-256(payload).
/// The suite and the purpose are inside what is signed, so neither half can be reused under another suite or purpose.
/// </summary>
internal sealed record CompositeSignature(int Suite, KeyId KeyId, ReadOnlyMemory<byte> Ed25519, ReadOnlyMemory<byte> MlDsa65)
{
    public const int Ed25519Length = 64;
    public const int MlDsa65Length = 3309;
    private static readonly byte[] TranscriptLabel = "broker/v1/composite-signature"u8.ToArray();

    public static byte[] Transcript(int suite, ReadOnlySpan<byte> purpose, ReadOnlySpan<byte> payload)
    {
        var transcript = new byte[TranscriptLabel.Length + 3 + purpose.Length + 32];
        var span = transcript.AsSpan();
        TranscriptLabel.CopyTo(span);
        span = span[TranscriptLabel.Length..];
        span[0] = 0;
        span[1] = (byte)suite;
        span[2] = (byte)purpose.Length;
        purpose.CopyTo(span[3..]);
        SHA256.HashData(payload, span[(3 + purpose.Length)..]);
        return transcript;
    }

    public void Write(CborWriter writer)
    {
        writer.WriteStartArray(4);
        writer.WriteInt32(Suite);
        writer.WriteByteString(KeyId.Bytes);
        writer.WriteByteString(Ed25519.Span);
        writer.WriteByteString(MlDsa65.Span);
        writer.WriteEndArray();
    }

    /// <summary>Reads the array; a missing half or a half of the wrong size is <see cref="RejectReason.SignatureMalformed"/>.</summary>
    public static CompositeSignature Read(CborReader reader)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.StartArray, RejectReason.SignatureMalformed);
        var count = reader.ReadStartArray();
        RejectException.ThrowIf(count != 4, RejectReason.SignatureMalformed);
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.UnsignedInteger, RejectReason.SignatureMalformed);
        var suite = reader.ReadUInt64();
        var suiteCheck = Protocol.Suite.Check(suite);
        RejectException.ThrowIf(suiteCheck != RejectReason.None, suiteCheck);
        var keyId = KeyId.FromBytes(Element(reader, KeyId.Length).Span);
        var ed = Element(reader, Ed25519Length);
        var ml = Element(reader, MlDsa65Length);
        reader.ReadEndArray();
        return new CompositeSignature((int)suite, keyId, ed, ml);
    }

    // Spec §6: every structural defect of the signature array (wrong type, too short, too long) is 202, so a stripped or
    // padded half is named for what it is rather than as a generic field error.
    private static ReadOnlyMemory<byte> Element(CborReader reader, int length)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.ByteString, RejectReason.SignatureMalformed);
        var bytes = reader.ReadDefiniteLengthByteString();
        RejectException.ThrowIf(bytes.Length != length, RejectReason.SignatureMalformed);
        return bytes;
    }
}
