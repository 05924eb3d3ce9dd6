using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Network;
using Broker.Testing.Trust;

namespace Broker.Protocol.Tests.Support;

/// <summary>
/// A fixed network for tests: agencies with keys from fixed seeds, a registry signed by a fixed registry key, and a clock.
/// Keys are shared across tests and never disposed; tests that need revoked or expired keys build a variant registry.
/// </summary>
internal sealed class TestWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public static readonly string[] AgencyNames = [.. TestNetwork.AllAgencies];

    private static readonly Lazy<TestWorld> Instance = new(() => new TestWorld());

    private TestWorld()
    {
        RegistryKey = TestNetwork.FixedKey(0xF0);
        Keys = AgencyNames.Select(TestNetwork.FixedKeys).ToList();
        Registry = BuildRegistry(_ => KeyStatus.Active, Now.AddDays(-365), Now.AddDays(365));
    }

    public static TestWorld Shared => Instance.Value;

    public SigningKeyPair RegistryKey { get; }

    public IReadOnlyList<AgencyKeys> Keys { get; }

    public TrustRegistry Registry { get; }

    public AgencyKeys this[string agency] => Keys.Single(k => k.Agency.Value == agency);

    public static byte[] Seed(byte tag, int index) => TestNetwork.Seed(tag, index);

    /// <summary>A registry in which every agency's keys get the status chosen by <paramref name="status"/> and the given window.</summary>
    public TrustRegistry BuildRegistry(Func<AgencyId, KeyStatus> status, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var registry = new TestRegistry(notBefore, notAfter).IssuedAt(Now.AddDays(-1))
            .Country("TH", "Thailand", new RegisteredSigningKey(RegistryKey.PublicKey, notBefore, notAfter, KeyStatus.Active, null))
            .Hub(RegistryKey.PublicKey);
        foreach (var k in Keys)
        {
            var s = status(k.Agency);
            registry.Agency(k, keyStatus: s, revokedAt: s == KeyStatus.Revoked ? notBefore : null, name: k.Agency.Value + " agency");
        }

        return registry.Load(RegistryKey);
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
