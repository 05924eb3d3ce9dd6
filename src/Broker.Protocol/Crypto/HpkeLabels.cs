using System.Buffers.Binary;

namespace Broker.Protocol.Crypto;

/// <summary>RFC 9180 §4 LabeledExtract / LabeledExpand over HKDF-SHA256, plus the suite identifiers.</summary>
internal static class HpkeLabels
{
    public const ushort KdfHkdfSha256 = 0x0001;

    private static ReadOnlySpan<byte> Version => "HPKE-v1"u8;

    /// <summary>"KEM" ‖ I2OSP(kem_id, 2).</summary>
    public static byte[] KemSuiteId(HpkeKemId kem)
    {
        var id = new byte[5];
        "KEM"u8.CopyTo(id);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(3), (ushort)kem);
        return id;
    }

    /// <summary>"HPKE" ‖ I2OSP(kem_id, 2) ‖ I2OSP(kdf_id, 2) ‖ I2OSP(aead_id, 2).</summary>
    public static byte[] HpkeSuiteId(HpkeKemId kem, HpkeAeadId aead)
    {
        var id = new byte[10];
        "HPKE"u8.CopyTo(id);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(4), (ushort)kem);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(6), KdfHkdfSha256);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(8), (ushort)aead);
        return id;
    }

    public static byte[] LabeledExtract(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> label, ReadOnlySpan<byte> ikm)
    {
        byte[] labeledIkm = [.. Version, .. suiteId, .. label, .. ikm];
        try
        {
            return HkdfSha256.Extract(salt, labeledIkm);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(labeledIkm);
        }
    }

    public static byte[] LabeledExpand(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> label, ReadOnlySpan<byte> info, int length)
    {
        if (length is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "A labeled HPKE expansion is at most 65535 bytes.");
        }

        Span<byte> lengthPrefix = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(lengthPrefix, (ushort)length);
        byte[] labeledInfo = [.. lengthPrefix, .. Version, .. suiteId, .. label, .. info];
        return HkdfSha256.Expand(prk, labeledInfo, length);
    }
}
