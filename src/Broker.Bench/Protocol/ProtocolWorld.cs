using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Protocol;

/// <summary>Freshly generated agencies and a registry signed by a fresh registry key, for one benchmark run.</summary>
internal sealed class ProtocolWorld : IDisposable
{
    private ProtocolWorld(IReadOnlyList<AgencyKeys> agencies, TrustRegistry registry, DateTimeOffset now)
    {
        Agencies = agencies;
        Registry = registry;
        Now = now;
    }

    public IReadOnlyList<AgencyKeys> Agencies { get; }

    public TrustRegistry Registry { get; }

    public DateTimeOffset Now { get; }

    public static ProtocolWorld Create(int count)
    {
        // A fixed instant keeps the library free of clocks; every key's window is built around it.
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var agencies = Enumerable.Range(0, count).Select(i => AgencyKeys.Generate(AgencyId.Parse($"BX-AGENCY{i:D2}"))).ToList();
        using var registryKey = SigningKeyPair.Generate();
        var doc = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now,
            Agencies = agencies.Select(a => new AgencyEntry(a.Agency, a.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(a.Signing.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(a.Encryption.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)])).ToList(),
            Hub = new HubEntry("hub", []),
        };
        TrustRegistry.TryLoad(TrustRegistry.SignDocument(doc, registryKey), registryKey.PublicKey, out var registry, out _);
        return new ProtocolWorld(agencies, registry!, now);
    }

    public void Dispose()
    {
        foreach (var agency in Agencies)
        {
            agency.Dispose();
        }
    }
}
