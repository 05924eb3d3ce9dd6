using System.Security.Cryptography;

namespace Broker.Protocol.Crypto;

/// <summary>
/// AES-GCM with a 96-bit nonce and a 128-bit tag appended to the ciphertext, for 128-, 192- and 256-bit keys
/// (HPKE needs AES-128-GCM too). Opening returns false for wrong sizes or a tag mismatch.
/// </summary>
internal static class AesGcmAead
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static bool IsValidKeySize(int length) => length is 16 or 24 or 32;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        if (!IsValidKeySize(key.Length))
        {
            throw new ArgumentException("An AES key is 16, 24 or 32 bytes.", nameof(key));
        }

        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"An AES-GCM nonce is {NonceSize} bytes.", nameof(nonce));
        }

        var output = new byte[plaintext.Length + TagSize];
        using var gcm = new AesGcm(key, TagSize);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return output;
    }

    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> aad, out byte[]? plaintext)
    {
        plaintext = null;
        if (!IsValidKeySize(key.Length) || nonce.Length != NonceSize || ciphertextAndTag.Length < TagSize)
        {
            return false;
        }

        var length = ciphertextAndTag.Length - TagSize;
        var output = new byte[length];
        try
        {
            using var gcm = new AesGcm(key, TagSize);
            // AesGcm compares the tag in constant time and clears the output on a mismatch.
            gcm.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], output, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(output);
            return false;
        }

        plaintext = output;
        return true;
    }
}
