using Broker.Protocol.Keys;

namespace Broker.Gateway.Trust;

/// <summary>Reads public key files in the format the core uses: Ed25519 (32 B) followed by ML-DSA-65 (1952 B), raw or base64 text.</summary>
internal static class KeyFiles
{
    private const int RawLength = SigningPublicKey.Ed25519Length + SigningPublicKey.MlDsa65Length;

    public static SigningPublicKey ReadSigningPublicKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != RawLength)
        {
            try
            {
                bytes = Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(bytes).Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"The key file {path} is neither {RawLength} raw bytes nor base64 text.");
            }
        }

        if (bytes.Length != RawLength
            || !SigningPublicKey.TryCreate(bytes.AsSpan(0, SigningPublicKey.Ed25519Length), bytes.AsSpan(SigningPublicKey.Ed25519Length), out var key))
        {
            throw new InvalidOperationException($"The key file {path} does not hold an Ed25519 + ML-DSA-65 public key.");
        }

        return key;
    }
}
