using System.Security.Cryptography;
using Broker.Bench.World;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.E2e;

/// <summary>
/// Throw-away keys for the sender and the three recipients, a signed registry, its anchor and the hub's seed, written to a
/// scratch directory as an operator deploys them (agency key files passphrase-protected). Fresh random keys each run.
/// </summary>
internal sealed class E2eWorld : IDisposable
{
    public const string Sender = "TH-ONCB";
    public static readonly string[] Recipients = ["RU-MVD", "MY-PDRM", "SG-CNB"];
    private readonly Dictionary<string, AgencyKeys> _keys;
    private readonly SigningKeyPair _anchor = SigningKeyPair.Generate();
    private readonly SigningKeyPair _hub;
    private readonly OpenPolicies _policies;

    public E2eWorld(string directory, TimeProvider time)
    {
        Directory = directory;
        var hubSeed = RandomNumberGenerator.GetBytes(SigningKeyPair.SeedLength);
        _hub = SigningKeyPair.FromSeed(hubSeed);
        _keys = Recipients.Prepend(Sender).ToDictionary(a => a, a => AgencyKeys.Generate(AgencyId.Parse(a)), StringComparer.Ordinal);
        _policies = new OpenPolicies(_keys.Keys);
        var now = time.GetUtcNow();
        var signed = TrustRegistry.SignDocument(new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now.AddMinutes(-1),
            Agencies = [.. _keys.Values.Select(k => new AgencyEntry(k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)]))],
            Hub = new HubEntry("hub-bench", [new RegisteredSigningKey(_hub.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)]),
            Countries = _policies.Countries(now),
        }, _anchor);
        _policies.Write(PolicyDirectory);
        File.WriteAllBytes(RegistryPath, signed);
        File.WriteAllBytes(AnchorPath, [.. _anchor.PublicKey.Ed25519, .. _anchor.PublicKey.MlDsa65]);
        File.WriteAllBytes(HubSeedPath, hubSeed);
        foreach (var (agency, keys) in _keys)
        {
            File.WriteAllBytes(KeyFilePath(agency), keys.ExportProtected(Passphrase(agency)));
        }
    }

    public static IEnumerable<string> Agencies => Recipients.Prepend(Sender);

    public string Directory { get; }

    // The names bench-hub's HubRunner expects in its directory.
    public string RegistryPath => Path.Combine(Directory, "registry.cbor");

    public string AnchorPath => Path.Combine(Directory, "anchor.pub");

    public string HubSeedPath => Path.Combine(Directory, "hub.seed");

    /// <summary>Signed policies that let the four agencies share everything: the benchmark measures the path, not the rules.</summary>
    public string PolicyDirectory => Path.Combine(Directory, "policies");

    public string KeyFilePath(string agency) => Path.Combine(Directory, agency + ".keys");

    /// <summary>Not a secret worth the name: the keys are thrown away with the scratch directory.</summary>
    public static string Passphrase(string agency) => "bench-e2e " + agency;

    public void Dispose()
    {
        foreach (var keys in _keys.Values)
        {
            keys.Dispose();
        }

        _policies.Dispose();

        _anchor.Dispose();
        _hub.Dispose();
    }
}
