using Broker.Gateway.Trust;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests;

/// <summary>Keys for the demo agencies and a trust registry signed by a fresh anchor, valid around <see cref="Samples.Now"/>.</summary>
internal sealed class TestNetwork : IDisposable
{
    public static readonly string[] DemoAgencies = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04", "ID-BNN"];

    /// <summary>Countries whose policy key the registry lists (XX has none, so its policies can never be accepted).</summary>
    public static readonly string[] PolicyCountries = ["TH", "RU", "MY", "SG", "VN", "ID"];

    public TestNetwork(IEnumerable<string>? suspended = null)
    {
        Anchor = SigningKeyPair.Generate();
        Hub = SigningKeyPair.Generate();
        var suspendedSet = (suspended ?? []).ToHashSet(StringComparer.Ordinal);
        Keys = DemoAgencies.ToDictionary(a => a, a => AgencyKeys.Generate(AgencyId.Parse(a)), StringComparer.Ordinal);
        PolicyKeys = PolicyCountries.ToDictionary(c => c, _ => SigningKeyPair.Generate(), StringComparer.Ordinal);
        var from = Samples.Now.AddYears(-1);
        var to = Samples.Now.AddYears(1);
        var document = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = Samples.Now.AddDays(-1),
            Agencies = [.. Keys.Values.Select(k => new AgencyEntry(
                k.Agency,
                k.Agency.Value,
                AuthorityType.Police,
                suspendedSet.Contains(k.Agency.Value) ? AgencyStatus.Suspended : AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, from, to, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, from, to, KeyStatus.Active, null)]))],
            Hub = new HubEntry("hub", [new RegisteredSigningKey(Hub.PublicKey, from, to, KeyStatus.Active, null)]),
            Countries = [.. PolicyKeys.Select(p => new CountryEntry(new CountryCode(p.Key), p.Key, [new RegisteredSigningKey(p.Value.PublicKey, from, to, KeyStatus.Active, null)]))],
        };
        SignedRegistry = TrustRegistry.SignDocument(document, Anchor);
        TrustRegistry.TryLoad(SignedRegistry, Anchor.PublicKey, out var registry, out _);
        Registry = registry!;
    }

    public SigningKeyPair Anchor { get; }

    public SigningKeyPair Hub { get; }

    public IReadOnlyDictionary<string, AgencyKeys> Keys { get; }

    /// <summary>Each country's policy signing key, as listed in the registry.</summary>
    public IReadOnlyDictionary<string, SigningKeyPair> PolicyKeys { get; }

    public byte[] SignedRegistry { get; }

    public TrustRegistry Registry { get; }

    /// <summary>A keyring for one agency; it shares the key objects, so dispose the network, not the keyring.</summary>
    public GatewayKeyring Keyring(string agency) => new(Keys[agency], Registry);

    public void Dispose()
    {
        foreach (var keys in Keys.Values)
        {
            keys.Dispose();
        }

        foreach (var key in PolicyKeys.Values)
        {
            key.Dispose();
        }

        Anchor.Dispose();
        Hub.Dispose();
    }
}
