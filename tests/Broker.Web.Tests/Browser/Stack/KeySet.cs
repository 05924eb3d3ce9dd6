using System.Security.Cryptography;
using System.Text;
using Broker.Policy.Signing;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Web.Tests.Browser.Stack;

/// <summary>Passphrase-protected agency key files, a signed trust registry, its anchor and the hub's key, in a temporary folder.</summary>
internal sealed class KeySet : IDisposable
{
    private KeySet(string directory) => Directory = directory;

    public string Directory { get; }

    public string RegistryPath => Path.Combine(Directory, "registry.cbor");

    public string AnchorPath => Path.Combine(Directory, "registry-anchor.pub");

    public string HubKeyPath => Path.Combine(Directory, "hub-signing.seed");

    public static string Passphrase(string agency) => $"web test passphrase for {agency}";

    /// <summary>Signed policies under which the members share everything with each other (the web tests are not about rules).</summary>
    public string PolicyDirectory => Path.Combine(Directory, "policies");

    public string KeyFilePath(string agency) => Path.Combine(Directory, $"{agency}.keys");

    public static KeySet Create(IEnumerable<string> members)
    {
        var set = new KeySet(Path.Combine(Path.GetTempPath(), $"web-net-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));
        System.IO.Directory.CreateDirectory(set.Directory);
        using var anchor = SigningKeyPair.Generate();
        var hubSeed = RandomNumberGenerator.GetBytes(SigningKeyPair.SeedLength);
        using var hub = SigningKeyPair.FromSeed(hubSeed);
        var keys = members.Select(a => AgencyKeys.Generate(AgencyId.Parse(a))).ToList();
        var policyKeys = keys.Select(k => k.Agency.Value[..2]).Distinct().ToDictionary(c => c, _ => SigningKeyPair.Generate(), StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var document = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now.AddMinutes(-5),
            Agencies = [.. keys.Select(k => new AgencyEntry(
                k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)]))],
            Hub = new HubEntry("hub", [new RegisteredSigningKey(hub.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)]),
            Countries = [.. policyKeys.Select(p => new CountryEntry(new CountryCode(p.Key), p.Key,
                [new RegisteredSigningKey(p.Value.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)]))],
        };
        System.IO.Directory.CreateDirectory(set.PolicyDirectory);
        foreach (var (country, key) in policyKeys)
        {
            var bytes = Encoding.UTF8.GetBytes($$"""
                {"kind":"sharing-policy/v1","country":"{{country}}","version":1,"effective":"2026-01-01T00:00:00Z",
                 "outbound":[{"id":"out-all","effect":"allow","to":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}],
                 "inbound":[{"id":"in-all","effect":"allow","from":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}]}
                """);
            var path = Path.Combine(set.PolicyDirectory, $"{country.ToLowerInvariant()}.policy.json");
            File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(bytes, key)));
            File.WriteAllBytes(path, bytes);
            key.Dispose();
        }

        File.WriteAllBytes(set.RegistryPath, TrustRegistry.SignDocument(document, anchor));
        File.WriteAllText(set.AnchorPath, Convert.ToBase64String([.. anchor.PublicKey.Ed25519, .. anchor.PublicKey.MlDsa65]));
        File.WriteAllText(set.HubKeyPath, Convert.ToBase64String(hubSeed));
        foreach (var k in keys)
        {
            File.WriteAllBytes(set.KeyFilePath(k.Agency.Value), k.ExportProtected(Passphrase(k.Agency.Value)));
            k.Dispose();
        }

        return set;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
