using System.Security.Cryptography;

namespace Broker.Protocol.Crypto;

/// <summary>
/// HKDF with SHA-256 (RFC 5869) over <see cref="HKDF"/>. Output lengths above 255 × 32 bytes are a caller
/// error and throw <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
internal static class HkdfSha256
{
    public const int HashSize = 32;
    public const int MaxOutputSize = 255 * HashSize;

    public static byte[] Extract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm)
    {
        var prk = new byte[HashSize];
        HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, prk);
        return prk;
    }

    public static byte[] Expand(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, int length)
    {
        CheckLength(length);
        var okm = new byte[length];
        if (length > 0)
        {
            HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, info);
        }

        return okm;
    }

    public static byte[] DeriveKey(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        CheckLength(length);
        var okm = new byte[length];
        if (length > 0)
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, okm, salt, info);
        }

        return okm;
    }

    private static void CheckLength(int length)
    {
        if (length is < 0 or > MaxOutputSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"HKDF-SHA256 output is 0 to {MaxOutputSize} bytes.");
        }
    }
}
