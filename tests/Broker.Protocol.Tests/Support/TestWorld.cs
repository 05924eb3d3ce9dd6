using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Support;

/// <summary>
/// A fixed network for tests: agencies with keys from fixed seeds, a registry signed by a fixed registry key, and a clock.
/// Keys are shared across tests and never disposed; tests that need revoked or expired keys build a variant registry.
/// </summary>
internal sealed class TestWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public static readonly string[] AgencyNames =
    [
        "TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04", "ID-BNN", "PH-PDEA", "KH-NACD", "LA-LCDC", "MM-CCDAC", "BN-NCB",
        "TH-RTP", "RU-FSB", "MY-NADA", "SG-SPF", "VN-MPS", "ID-POLRI", "PH-PNP", "KH-NP", "LA-MPS", "MM-MPF", "BN-RBPF",
    ];

    private static readonly Lazy<TestWorld> Instance = new(() => new TestWorld());

    private TestWorld()
    {
        RegistryKey = SigningKeyPair.FromSeed(Seed(0xF0, 0));
        Keys = AgencyNames.Select((name, i) => new AgencyKeys(AgencyId.Parse(name), SigningKeyPair.FromSeed(Seed(0x51, i)), EncryptionKeyPair.FromSeed(Seed(0xE1, i)))).ToList();
        Registry = BuildRegistry(_ => KeyStatus.Active, Now.AddDays(-365), Now.AddDays(365));
    }

    public static TestWorld Shared => Instance.Value;

    public SigningKeyPair RegistryKey { get; }

    public IReadOnlyList<AgencyKeys> Keys { get; }

    public TrustRegistry Registry { get; }

    public AgencyKeys this[string agency] => Keys.Single(k => k.Agency.Value == agency);

    public static byte[] Seed(byte tag, int index) => Enumerable.Range(0, 32).Select(j => (byte)(j == 0 ? tag : j == 1 ? index : j)).ToArray();

    /// <summary>A registry in which every agency's keys get the status chosen by <paramref name="status"/> and the given window.</summary>
    public TrustRegistry BuildRegistry(Func<AgencyId, KeyStatus> status, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var agencies = Keys.Select(k =>
        {
            var s = status(k.Agency);
            DateTimeOffset? revokedAt = s == KeyStatus.Revoked ? notBefore : null;
            return new AgencyEntry(k.Agency, k.Agency.Value + " agency", AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, notBefore, notAfter, s, revokedAt)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, notBefore, notAfter, s, revokedAt)]);
        }).ToList();
        var doc = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = Now.AddDays(-1),
            Agencies = agencies,
            Countries = [new CountryEntry(new CountryCode("TH"), "Thailand", [new RegisteredSigningKey(RegistryKey.PublicKey, notBefore, notAfter, KeyStatus.Active, null)])],
            Hub = new HubEntry("hub", [new RegisteredSigningKey(RegistryKey.PublicKey, notBefore, notAfter, KeyStatus.Active, null)]),
        };
        var signed = TrustRegistry.SignDocument(doc, RegistryKey);
        return TrustRegistry.TryLoad(signed, RegistryKey.PublicKey, out var registry, out var reason)
            ? registry
            : throw new InvalidOperationException($"The test registry did not load: {reason}.");
    }

    /// <summary>A request from nobody in particular to the given recipients, each getting view (i % views.Count).</summary>
    public SealRequest Request(IReadOnlyList<ViewContent> views, IEnumerable<string> recipients, EnvelopeId? id = null) => new()
    {
        Id = id ?? EnvelopeId.New(),
        Created = Now,
        Expires = Now.AddDays(2),
        Category = Category.DrugTrafficking,
        Tlp = Tlp.Amber,
        Handling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent,
        Views = views,
        Recipients = recipients.Select((r, i) => new RecipientSpec(AgencyId.Parse(r), i % views.Count, this[r].Encryption.PublicKey)).ToList(),
    };

    public static ViewContent View(string text, params string[] classes) =>
        new(classes.Select(DataClass.Parse).ToList(), System.Text.Encoding.UTF8.GetBytes(text));
}
