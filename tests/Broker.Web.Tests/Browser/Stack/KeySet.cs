using System.Security.Cryptography;
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

    public string KeyFilePath(string agency) => Path.Combine(Directory, $"{agency}.keys");

    public static KeySet Create(IEnumerable<string> members)
    {
        var set = new KeySet(Path.Combine(Path.GetTempPath(), $"web-net-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));
        System.IO.Directory.CreateDirectory(set.Directory);
        using var anchor = SigningKeyPair.Generate();
        var hubSeed = RandomNumberGenerator.GetBytes(SigningKeyPair.SeedLength);
        using var hub = SigningKeyPair.FromSeed(hubSeed);
        var keys = members.Select(a => AgencyKeys.Generate(AgencyId.Parse(a))).ToList();
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
        };
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
