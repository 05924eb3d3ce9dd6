using System.Text.Json;
using Broker.Cli.Keys;
using Broker.Cli.Policy;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Cli.Registry;

/// <summary>Turns a reviewed <see cref="RegistryDraft"/> into the signed registry, and loads a signed one back under its anchor.</summary>
internal static class RegistrySigner
{
    public static RegistryDraft ReadDraft(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: file not found");
        }

        try
        {
            return JsonSerializer.Deserialize<RegistryDraft>(File.ReadAllBytes(path), RegistryDraft.Json) ?? throw new CliException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}: not a registry draft ({e.Path}: {e.Message})");
        }
    }

    public static byte[] Sign(RegistryDraft draft, SigningKeyPair registryKey)
    {
        var document = ToDocument(draft);
        var signed = TrustRegistry.SignDocument(document, registryKey);
        // Never hand out a registry the hosts would refuse (sorting, limits, windows).
        return TrustRegistry.TryLoad(signed, registryKey.PublicKey, out _, out var reason)
            ? signed
            : throw new CliException($"the signed registry does not load: {reason}");
    }

    public static TrustRegistry Load(string registryPath, string anchorPath)
    {
        if (!File.Exists(registryPath))
        {
            throw new CliException($"{registryPath}: file not found");
        }

        var anchor = KeyFileWriter.ReadSigningPublicKey(anchorPath);
        return TrustRegistry.TryLoad(File.ReadAllBytes(registryPath), anchor, out var registry, out var reason)
            ? registry
            : throw new CliException($"{registryPath}: refused under anchor {anchor.Id}: {reason}");
    }

    private static TrustRegistryDocument ToDocument(RegistryDraft draft) => new()
    {
        Version = draft.Version,
        IssuedAt = draft.IssuedAt,
        Agencies = [.. draft.Agencies.Select(a => new AgencyEntry(
            AgencyId.TryParse(a.Id, out var id) ? id : throw new CliException($"agency '{a.Id}' is not an agency id"),
            a.Name, Authority(a.Authority), a.Status == "suspended" ? AgencyStatus.Suspended : AgencyStatus.Active,
            [.. a.SigningKeys.Select(SigningKey)], [.. a.EncryptionKeys.Select(EncryptionKey)]))],
        Countries = [.. draft.Countries.Select(c => new CountryEntry(
            CountryCode.TryParse(c.Code, out var code) ? code : throw new CliException($"'{c.Code}' is not a country code"),
            c.Name, [.. c.PolicyKeys.Select(SigningKey)]))],
        Hub = new HubEntry(draft.Hub.Id, [.. draft.Hub.SigningKeys.Select(SigningKey)]),
    };

    private static AuthorityType Authority(string text) => text switch
    {
        "police" => AuthorityType.Police,
        "drug-control" => AuthorityType.DrugControl,
        "customs" => AuthorityType.Customs,
        "financial-intelligence" => AuthorityType.FinancialIntelligence,
        "prosecution" => AuthorityType.Prosecution,
        "court" => AuthorityType.Court,
        _ => throw new CliException($"authority '{text}' is not one of police, drug-control, customs, financial-intelligence, prosecution, court"),
    };

    private static KeyStatus Status(string text) => text switch
    {
        "active" => KeyStatus.Active,
        "retired" => KeyStatus.Retired,
        "revoked" => KeyStatus.Revoked,
        _ => throw new CliException($"key status '{text}' is not active, retired or revoked"),
    };

    private static RegisteredSigningKey SigningKey(DraftKey k)
    {
        var bytes = Decode(k.Key);
        return bytes.Length == SigningPublicKey.Ed25519Length + SigningPublicKey.MlDsa65Length
            && SigningPublicKey.TryCreate(bytes.AsSpan(0, SigningPublicKey.Ed25519Length), bytes.AsSpan(SigningPublicKey.Ed25519Length), out var key)
            ? new RegisteredSigningKey(key, k.NotBefore, k.NotAfter, Status(k.Status), k.RevokedAt)
            : throw new CliException("a signing key is not a composite Ed25519 + ML-DSA-65 public key");
    }

    private static RegisteredEncryptionKey EncryptionKey(DraftKey k) =>
        EncryptionPublicKey.TryCreate(Decode(k.Key), out var key)
            ? new RegisteredEncryptionKey(key, k.NotBefore, k.NotAfter, Status(k.Status), k.RevokedAt)
            : throw new CliException("an encryption key is not an X-Wing public key");

    private static byte[] Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new CliException("a key is not base64");
        }
    }
}
