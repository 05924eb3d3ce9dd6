using System.Text;
using Broker.Protocol.Keys;

namespace Broker.Hosting.Keys;

/// <summary>
/// Reads the key files a host is configured with (trust anchor, hub seed): raw bytes, or the same bytes as hex or base64 text.
/// A file that holds anything else fails with the path and the expected length; messages never contain key bytes.
/// </summary>
public static class KeyFiles
{
    public static byte[] ReadBytes(string path, int expectedLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var raw = File.ReadAllBytes(path);
        if (raw.Length == expectedLength)
        {
            return raw;
        }

        var text = Encoding.ASCII.GetString(raw).Trim();
        try
        {
            var decoded = text.Length == expectedLength * 2 ? Convert.FromHexString(text) : Convert.FromBase64String(text);
            if (decoded.Length == expectedLength)
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
            // Reported below without echoing the content.
        }

        throw new InvalidOperationException($"Key file '{path}' does not hold {expectedLength} bytes (raw, hex or base64).");
    }

    /// <summary>A composite signing public key: Ed25519 (32 B) followed by ML-DSA-65 (1952 B).</summary>
    public static SigningPublicKey ReadSigningPublicKey(string path)
    {
        var bytes = ReadBytes(path, SigningPublicKey.Ed25519Length + SigningPublicKey.MlDsa65Length);
        return SigningPublicKey.TryCreate(bytes.AsSpan(0, SigningPublicKey.Ed25519Length), bytes.AsSpan(SigningPublicKey.Ed25519Length), out var key)
            ? key
            : throw new InvalidOperationException($"Key file '{path}' is not a valid composite signing public key.");
    }

    /// <summary>A signing key pair from its 32-byte seed; the seed buffer is wiped after use.</summary>
    public static SigningKeyPair ReadSigningKeyPair(string path)
    {
        var seed = ReadBytes(path, SigningKeyPair.SeedLength);
        try
        {
            return SigningKeyPair.FromSeed(seed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }
}
