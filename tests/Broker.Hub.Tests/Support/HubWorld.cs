using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;

namespace Broker.Hub.Tests.Support;

/// <summary>
/// A fixed small network: four agencies with keys from fixed seeds, a hub key, and a registry signed by an anchor key that lists
/// the open test policy's key (<see cref="OpenPolicies"/>) for every country. Keys are shared by every test and never disposed.
/// </summary>
internal sealed class HubWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly string[] AgencyNames = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB"];
    public static readonly string[] Countries = ["TH", "RU", "MY", "SG"];
    private static readonly Lazy<HubWorld> Instance = new(() => new HubWorld());

    private HubWorld()
    {
        AnchorKey = SigningKeyPair.FromSeed(Seed(0xA0, 0));
        HubKey = SigningKeyPair.FromSeed(Seed(0xB0, 0));
        Keys = AgencyNames.Select((name, i) => new AgencyKeys(AgencyId.Parse(name), SigningKeyPair.FromSeed(Seed(0x51, i)), EncryptionKeyPair.FromSeed(Seed(0xE1, i)))).ToList();
        var window = (From: Now.AddDays(-365), To: Now.AddDays(365));
        var document = new TrustRegistryDocument
        {
            Version = 7,
            IssuedAt = Now.AddDays(-1),
            Agencies = Keys.Select(k => new AgencyEntry(k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, window.From, window.To, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, window.From, window.To, KeyStatus.Active, null)])).ToList(),
            Countries = OpenPolicies.RegistryEntries(Countries, window.From, window.To),
            Hub = new HubEntry("hub-test", [new RegisteredSigningKey(HubKey.PublicKey, window.From, window.To, KeyStatus.Active, null)]),
        };
        SignedRegistry = TrustRegistry.SignDocument(document, AnchorKey);
        Registry = TrustRegistry.TryLoad(SignedRegistry, AnchorKey.PublicKey, out var registry, out var reason)
            ? registry
            : throw new InvalidOperationException($"The test registry did not load: {reason}.");
    }

    public static HubWorld Shared => Instance.Value;

    public SigningKeyPair AnchorKey { get; }
    public SigningKeyPair HubKey { get; }
    public IReadOnlyList<AgencyKeys> Keys { get; }
    public byte[] SignedRegistry { get; }
    public TrustRegistry Registry { get; }

    public AgencyKeys this[string agency] => Keys.Single(k => k.Agency.Value == agency);

    public static byte[] Seed(byte tag, int index) => Enumerable.Range(0, 32).Select(j => (byte)(j == 0 ? tag : j == 1 ? index : j)).ToArray();

    /// <summary>An alert from <paramref name="sender"/> sealed to <paramref name="recipients"/>, created at <see cref="Now"/>, valid two days.</summary>
    public byte[] Seal(string sender, IEnumerable<string> recipients, EnvelopeId? id = null, AgencyKeys? signWith = null, int plaintextBytes = 64) =>
        Envelope.Seal(new SealRequest
        {
            Id = id ?? EnvelopeId.New(),
            Created = Now,
            Expires = Now.AddDays(2),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([], new byte[plaintextBytes])],
            Recipients = recipients.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, this[r].Encryption.PublicKey)).ToList(),
        }, signWith ?? this[sender]);
}
