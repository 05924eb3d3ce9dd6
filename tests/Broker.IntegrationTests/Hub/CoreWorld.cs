using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;

namespace Broker.IntegrationTests.Hub;

/// <summary>
/// Envelope keys for the demo agencies (fixed seeds), a hub key and a registry signed by an anchor (listing the open test
/// policy's key for every country), written as the files the hub loads (registry, anchor public key, hub seed). The AMQP
/// identities come from deploy/ certificates.
/// </summary>
public sealed class CoreWorld
{
    public static readonly string[] AgencyNames = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04", "ID-BNN"];
    private static readonly Lazy<CoreWorld> Instance = new(() => new CoreWorld());
    private readonly byte[] _hubSeed = Seed(0xB0, 0);

    private CoreWorld()
    {
        var now = TimeProvider.System.GetUtcNow();
        Anchor = SigningKeyPair.FromSeed(Seed(0xA0, 0));
        HubKey = SigningKeyPair.FromSeed(_hubSeed);
        Keys = AgencyNames.Select((name, i) => new AgencyKeys(AgencyId.Parse(name), SigningKeyPair.FromSeed(Seed(0x51, i)), EncryptionKeyPair.FromSeed(Seed(0xE1, i)))).ToList();
        var (from, to) = (now.AddDays(-30), now.AddDays(365));
        SignedRegistry = TrustRegistry.SignDocument(new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now.AddMinutes(-1),
            Agencies = Keys.Select(k => new AgencyEntry(k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, from, to, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, from, to, KeyStatus.Active, null)])).ToList(),
            Countries = OpenPolicies.RegistryEntries(Countries, from, to),
            Hub = new HubEntry("hub-integration", [new RegisteredSigningKey(HubKey.PublicKey, from, to, KeyStatus.Active, null)]),
        }, Anchor);
        Registry = TrustRegistry.TryLoad(SignedRegistry, Anchor.PublicKey, out var registry, out var reason)
            ? registry : throw new InvalidOperationException($"Registry did not load: {reason}");
    }

    public static CoreWorld Shared => Instance.Value;

    public SigningKeyPair Anchor { get; }
    public SigningKeyPair HubKey { get; }

    /// <summary>The countries of <see cref="AgencyNames"/>, each with the open test policy's key in the registry.</summary>
    public static IReadOnlyList<string> Countries => AgencyNames.Select(a => a[..2]).Distinct().ToList();
    public IReadOnlyList<AgencyKeys> Keys { get; }
    public byte[] SignedRegistry { get; }
    public TrustRegistry Registry { get; }

    public AgencyKeys this[string agency] => Keys.Single(k => k.Agency.Value == agency);

    public static byte[] Seed(byte tag, int index) => Enumerable.Range(0, 32).Select(j => (byte)(j == 0 ? tag : j == 1 ? index : j)).ToArray();

    /// <summary>Writes registry.cbor, anchor.pub and hub.seed into <paramref name="directory"/>.</summary>
    public void WriteTrustFiles(string directory)
    {
        File.WriteAllBytes(Path.Combine(directory, "registry.cbor"), SignedRegistry);
        File.WriteAllBytes(Path.Combine(directory, "anchor.pub"), [.. Anchor.PublicKey.Ed25519, .. Anchor.PublicKey.MlDsa65]);
        File.WriteAllText(Path.Combine(directory, "hub.seed"), Convert.ToHexStringLower(_hubSeed));
    }

    public byte[] Seal(string sender, IEnumerable<string> recipients, EnvelopeId? id = null, AgencyKeys? signWith = null,
        DateTimeOffset? created = null, TimeSpan? lifetime = null, int plaintextBytes = 256)
    {
        var at = created ?? TimeProvider.System.GetUtcNow();
        return Envelope.Seal(new SealRequest
        {
            Id = id ?? EnvelopeId.New(),
            Created = at,
            Expires = at + (lifetime ?? TimeSpan.FromHours(1)),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([], new byte[plaintextBytes])],
            Recipients = recipients.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, this[r].Encryption.PublicKey)).ToList(),
        }, signWith ?? this[sender]);
    }
}
