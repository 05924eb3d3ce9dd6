namespace Broker.Protocol.Crypto;

/// <summary>
/// AES-256-GCM through .NET's <see cref="System.Security.Cryptography.AesGcm"/>: 32-byte key, 12-byte nonce,
/// 16-byte tag appended. A nonce must never repeat under one key; callers use single-use keys or counters.
/// Opening returns false (never throws) for wrong sizes or a tag mismatch.
/// </summary>
internal static class Aes256Gcm
{
    public const int KeySize = 32;
    public const int NonceSize = AesGcmAead.NonceSize;
    public const int TagSize = AesGcmAead.TagSize;

    /// <summary>Returns ciphertext‖tag; throws <see cref="ArgumentException"/> for a key or nonce of the wrong size.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"An AES-256 key is {KeySize} bytes.", nameof(key));
        }

        return AesGcmAead.Seal(key, nonce, plaintext, aad);
    }

    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> aad, out byte[]? plaintext)
    {
        if (key.Length != KeySize)
        {
            plaintext = null;
            return false;
        }

        return AesGcmAead.TryOpen(key, nonce, ciphertextAndTag, aad, out plaintext);
    }
}
