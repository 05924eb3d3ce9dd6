using System.Security.Cryptography;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// Key files (passphrase-protected), a signed trust registry and its anchor file for the demo agencies, written to a
/// temporary directory as an operator would deploy them. The private keys stay available to the test to open envelopes.
/// </summary>
internal sealed class GatewayNetwork : IDisposable
{
    public static readonly string[] Members = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB"];

    private GatewayNetwork(
        string directory, SigningKeyPair anchor, SigningKeyPair hub, Dictionary<string, AgencyKeys> keys, TrustRegistry registry)
    {
        Directory = directory;
        Anchor = anchor;
        Hub = hub;
        Keys = keys;
        Registry = registry;
    }

    public string Directory { get; }

    public SigningKeyPair Anchor { get; }

    public SigningKeyPair Hub { get; }

    public IReadOnlyDictionary<string, AgencyKeys> Keys { get; }

    public TrustRegistry Registry { get; }

    /// <summary>The member countries; each lists the open test policy's key (<see cref="OpenPolicies.Key"/>) in the registry.</summary>
    public static IReadOnlyList<string> Countries => Members.Select(a => a[..2]).Distinct().ToList();

    /// <summary>The standard signed policies (<see cref="TestPolicyFiles.Standard"/>) every gateway reads unless a test gives its own folder.</summary>
    public string PolicyDirectory => Path.Combine(Directory, "policies");

    public string RegistryPath => Path.Combine(Directory, "registry.cbor");

    public string AnchorPath => Path.Combine(Directory, "registry-anchor.pub");

    public string HubKeyPath => Path.Combine(Directory, "hub-signing.seed");

    public static string Passphrase(string agency) => $"integration passphrase for {agency}";

    public string KeyFilePath(string agency) => Path.Combine(Directory, $"{agency}.keys");

    public static GatewayNetwork Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gw-net-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        System.IO.Directory.CreateDirectory(directory);
        var anchor = SigningKeyPair.Generate();
        var hubSeed = RandomNumberGenerator.GetBytes(SigningKeyPair.SeedLength);
        var hub = SigningKeyPair.FromSeed(hubSeed);
        var keys = Members.ToDictionary(a => a, a => AgencyKeys.Generate(AgencyId.Parse(a)), StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var document = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now.AddMinutes(-5),
            Agencies = [.. keys.Values.Select(k => new AgencyEntry(
                k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)]))],
            Hub = new HubEntry("hub", [new RegisteredSigningKey(hub.PublicKey, now.AddDays(-1), now.AddYears(1), KeyStatus.Active, null)]),
            Countries = OpenPolicies.RegistryEntries(Countries, now.AddDays(-1), now.AddYears(1)),
        };
        var signed = TrustRegistry.SignDocument(document, anchor);
        TrustRegistry.TryLoad(signed, anchor.PublicKey, out var registry, out _);
        var network = new GatewayNetwork(directory, anchor, hub, keys, registry!);
        TestPolicyFiles.WriteFolder(network.PolicyDirectory, TestPolicyFiles.Standard());
        File.WriteAllBytes(network.RegistryPath, signed);
        File.WriteAllText(network.AnchorPath, Convert.ToBase64String([.. anchor.PublicKey.Ed25519, .. anchor.PublicKey.MlDsa65]));
        File.WriteAllText(network.HubKeyPath, Convert.ToBase64String(hubSeed));
        foreach (var (agency, agencyKeys) in keys)
        {
            File.WriteAllBytes(network.KeyFilePath(agency), agencyKeys.ExportProtected(Passphrase(agency)));
        }

        return network;
    }

    public void Dispose()
    {
        foreach (var keys in Keys.Values)
        {
            keys.Dispose();
        }

        Anchor.Dispose();
        Hub.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
