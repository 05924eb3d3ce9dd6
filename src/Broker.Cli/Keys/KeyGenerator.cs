using System.Security.Cryptography;
using Broker.Cli.Policy;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Cli.Keys;

/// <summary>
/// Generates key material into a folder. Agency: <c>ID.keys</c> (passphrase-protected seeds) and <c>ID.passphrase</c>, both
/// mode 600, plus <c>ID.signing.pub</c> and <c>ID.encryption.pub</c>. Country policy key: <c>CC.policy.seed</c> (600) and
/// <c>CC.policy.pub</c>. Plain signing key (registry authority, hub): <c>NAME.seed</c> (600) and <c>NAME.pub</c>.
/// Existing files are kept unless <c>force</c> is set, so running it twice is harmless.
/// </summary>
internal static class KeyGenerator
{
    public static string Agency(string folder, string id, bool force)
    {
        if (!AgencyId.TryParse(id, out var agency))
        {
            throw new CliException($"'{id}' is not an agency id such as TH-ONCB");
        }

        var keysPath = Path.Combine(folder, $"{agency}.keys");
        if (File.Exists(keysPath) && !force)
        {
            return $"{agency}: kept existing {keysPath}";
        }

        Directory.CreateDirectory(folder);
        using var keys = AgencyKeys.Generate(agency);
        var passphrase = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        KeyFileWriter.WritePrivateText(Path.Combine(folder, $"{agency}.passphrase"), passphrase);
        KeyFileWriter.WritePrivate(keysPath, keys.ExportProtected(passphrase));
        File.WriteAllText(Path.Combine(folder, $"{agency}.signing.pub"), KeyFileWriter.Encode(keys.Signing.PublicKey) + "\n");
        File.WriteAllText(Path.Combine(folder, $"{agency}.encryption.pub"), Convert.ToBase64String(keys.Encryption.PublicKey.Bytes) + "\n");
        return $"{agency}: signing key {keys.Signing.Id}, encryption key {keys.Encryption.PublicKey.Id} -> {keysPath}";
    }

    public static string Country(string folder, string code, bool force)
    {
        if (!CountryCode.TryParse(code, out var country))
        {
            throw new CliException($"'{code}' is not an ISO 3166-1 alpha-2 country code");
        }

        return Signing(folder, $"{country}.policy", force, $"{country} policy key");
    }

    public static string Signing(string folder, string name, bool force, string? label = null)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new CliException($"'{name}' is not a usable key name");
        }

        var seedPath = Path.Combine(folder, $"{name}.seed");
        if (File.Exists(seedPath) && !force)
        {
            return $"{label ?? name}: kept existing {seedPath}";
        }

        Directory.CreateDirectory(folder);
        var seed = RandomNumberGenerator.GetBytes(SigningKeyPair.SeedLength);
        try
        {
            using var pair = SigningKeyPair.FromSeed(seed);
            KeyFileWriter.WritePrivateText(seedPath, Convert.ToHexStringLower(seed));
            File.WriteAllText(Path.Combine(folder, $"{name}.pub"), KeyFileWriter.Encode(pair.PublicKey) + "\n");
            return $"{label ?? name}: signing key {pair.Id} -> {seedPath}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
