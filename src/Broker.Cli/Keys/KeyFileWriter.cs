using System.Security.Cryptography;
using Broker.Cli.Policy;
using Broker.Protocol.Keys;

namespace Broker.Cli.Keys;

/// <summary>Writes key material: private files are created with mode 600 from the start (never widened, never printed).</summary>
internal static class KeyFileWriter
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void WritePrivate(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(content);
        }

        // An existing file keeps its old mode on FileMode.Create: tighten it explicitly.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    public static void WritePrivateText(string path, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text + "\n");
        try
        {
            WritePrivate(path, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A composite signing public key as the hosts read it: base64 of Ed25519 (32 B) then ML-DSA-65 (1952 B).</summary>
    public static string Encode(SigningPublicKey key) => Convert.ToBase64String([.. key.Ed25519, .. key.MlDsa65]);

    public static SigningPublicKey ReadSigningPublicKey(string path)
    {
        var bytes = ReadBase64(path);
        return bytes.Length == SigningPublicKey.Ed25519Length + SigningPublicKey.MlDsa65Length
            && SigningPublicKey.TryCreate(bytes.AsSpan(0, SigningPublicKey.Ed25519Length), bytes.AsSpan(SigningPublicKey.Ed25519Length), out var key)
            ? key
            : throw new CliException($"{path}: not a composite signing public key");
    }

    public static EncryptionPublicKey ReadEncryptionPublicKey(string path) =>
        EncryptionPublicKey.TryCreate(ReadBase64(path), out var key) ? key : throw new CliException($"{path}: not an X-Wing encryption public key");

    /// <summary>Reads a 32-byte signing seed stored as 64 hex characters (or raw) and returns the key pair.</summary>
    public static SigningKeyPair ReadSigningSeed(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: key file not found");
        }

        var raw = File.ReadAllBytes(path);
        byte[]? seed = null;
        try
        {
            seed = raw.Length == SigningKeyPair.SeedLength ? raw.ToArray() : DecodeHex(raw);
            return seed is { Length: SigningKeyPair.SeedLength }
                ? SigningKeyPair.FromSeed(seed)
                : throw new CliException($"{path}: not a {SigningKeyPair.SeedLength}-byte seed (raw or hex)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
            if (seed is not null)
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }
    }

    private static byte[]? DecodeHex(byte[] raw)
    {
        try
        {
            return Convert.FromHexString(System.Text.Encoding.ASCII.GetString(raw).Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] ReadBase64(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: public key file not found");
        }

        try
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new CliException($"{path}: not base64 text");
        }
    }
}
