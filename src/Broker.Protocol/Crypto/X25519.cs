using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace Broker.Protocol.Crypto;

/// <summary>
/// X25519 (RFC 7748). Agreement refuses an all-zero shared secret (a low-order peer key), as RFC 9180 §7.1.4
/// requires, and returns false for wrong sizes instead of throwing.
/// </summary>
internal static class X25519
{
    public const int PrivateKeySize = 32;
    public const int PublicKeySize = 32;
    public const int SharedSecretSize = 32;

    /// <summary>The public key of a 32-byte private key; throws <see cref="ArgumentException"/> on any other length.</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An X25519 private key is {PrivateKeySize} bytes.", nameof(privateKey));
        }

        var copy = privateKey.ToArray();
        try
        {
            return new X25519PrivateKeyParameters(copy).GeneratePublicKey().GetEncoded();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public static byte[] GeneratePrivateKey() => RandomNumberGenerator.GetBytes(PrivateKeySize);

    /// <summary>Computes X25519(privateKey, publicKey) into <paramref name="shared32"/>; false on wrong sizes or an all-zero result.</summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> shared32)
    {
        if (privateKey.Length != PrivateKeySize || publicKey.Length != PublicKeySize || shared32.Length != SharedSecretSize)
        {
            return false;
        }

        var sk = privateKey.ToArray();
        var secret = new byte[SharedSecretSize];
        try
        {
            new X25519PrivateKeyParameters(sk).GenerateSecret(new X25519PublicKeyParameters(publicKey.ToArray()), secret, 0);
            secret.CopyTo(shared32);
            return true;
        }
        catch (InvalidOperationException)
        {
            // BouncyCastle reports an all-zero output this way.
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sk);
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
