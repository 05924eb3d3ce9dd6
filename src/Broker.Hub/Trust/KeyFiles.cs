using System.Text;
using Broker.Protocol.Keys;

namespace Broker.Hub.Trust;

/// <summary>Reads key material files: raw bytes, or the same bytes as hex or base64 text. Messages never contain key bytes.</summary>
internal static class KeyFiles
{
    public static byte[] ReadBytes(string path, int expectedLength)
    {
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

    public static SigningPublicKey ReadSigningPublicKey(string path)
    {
        var bytes = ReadBytes(path, SigningPublicKey.Ed25519Length + SigningPublicKey.MlDsa65Length);
        return SigningPublicKey.TryCreate(bytes.AsSpan(0, SigningPublicKey.Ed25519Length), bytes.AsSpan(SigningPublicKey.Ed25519Length), out var key)
            ? key
            : throw new InvalidOperationException($"Key file '{path}' is not a valid composite signing public key.");
    }

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
