using System.Security.Cryptography;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.World;

/// <summary>
/// Every benchmark's throw-away keys, fresh and random each run: the agencies' keys, the registry's anchor, the hub's signing
/// key (which also signs the audit log's tree heads) and, when policies are given, each country's policy key; one signed
/// registry lists them all. Benchmarks use it in memory or write it out as an operator deploys it (<see cref="WriteTrustFiles"/>).
/// </summary>
internal sealed class BenchWorld : IDisposable
{
    private readonly Dictionary<string, AgencyKeys> _agencies;
    private readonly byte[] _hubSeed = RandomNumberGenerator.GetBytes(SigningKeyPair.SeedLength);

    private BenchWorld(IEnumerable<string> agencies, DateTimeOffset now, BenchPolicies? policies)
    {
        Now = now;
        Policies = policies;
        Hub = SigningKeyPair.FromSeed(_hubSeed);
        Agencies = [.. agencies.Distinct(StringComparer.Ordinal).Select(a => AgencyKeys.Generate(AgencyId.Parse(a)))];
        _agencies = Agencies.ToDictionary(k => k.Agency.Value, StringComparer.Ordinal);
        // Every key is valid well before and after the run, so replaying a log of it later still finds them in force.
        var (from, to) = (now.AddDays(-30), now.AddDays(300));
        SignedRegistry = TrustRegistry.SignDocument(new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now.AddMinutes(-1),
            Agencies = [.. Agencies.Select(k => new AgencyEntry(k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, from, to, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, from, to, KeyStatus.Active, null)]))],
            Hub = new HubEntry("hub-bench", [new RegisteredSigningKey(Hub.PublicKey, from, to, KeyStatus.Active, null)]),
            Countries = policies?.Countries(from, to) ?? [],
        }, Anchor);
        Registry = TrustRegistry.TryLoad(SignedRegistry, Anchor.PublicKey, out var registry, out var reason)
            ? registry : throw new InvalidOperationException($"The benchmark registry did not load: {reason}.");
    }

    public DateTimeOffset Now { get; }

    public SigningKeyPair Anchor { get; } = SigningKeyPair.Generate();

    public SigningKeyPair Hub { get; }

    /// <summary>The countries' signed policies, when the benchmark asked for them.</summary>
    public BenchPolicies? Policies { get; }

    public byte[] SignedRegistry { get; }

    public TrustRegistry Registry { get; }

    /// <summary>The agencies' keys in the order they were given.</summary>
    public IReadOnlyList<AgencyKeys> Agencies { get; }

    public AgencyKeys this[string agency] => _agencies[agency];

    /// <summary>A world of <paramref name="agencies"/>; it takes ownership of <paramref name="policies"/> and disposes of them.</summary>
    public static BenchWorld Create(IEnumerable<string> agencies, DateTimeOffset now, BenchPolicies? policies = null) => new(agencies, now, policies);

    /// <summary>A TLP:AMBER drug-trafficking alert with one view that every recipient may open, valid for a day from <paramref name="created"/>.</summary>
    public SealRequest Alert(IEnumerable<string> recipients, byte[] plaintext, DateTimeOffset created, IReadOnlyList<DataClass>? dataClasses = null) => new()
    {
        Id = EnvelopeId.New(),
        Created = created,
        Expires = created.AddDays(1),
        Category = Category.DrugTrafficking,
        Tlp = Tlp.Amber,
        Views = [new ViewContent(dataClasses ?? [DataClass.PersonalIdentity], plaintext)],
        Recipients = [.. recipients.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, this[r].Encryption.PublicKey))],
    };

    /// <summary>
    /// Writes the registry, its anchor, the hub's seed and the policies under the names <see cref="TrustFiles"/> gives, and with
    /// <paramref name="agencyKeyFiles"/> each agency's passphrase-protected key file (slow by design: a memory-hard KDF each).
    /// </summary>
    public TrustFiles WriteTrustFiles(string directory, bool agencyKeyFiles = false)
    {
        var files = new TrustFiles(directory);
        File.WriteAllBytes(files.Registry, SignedRegistry);
        WritePublicKey(files.Anchor, Anchor.PublicKey);
        File.WriteAllBytes(files.HubSeed, _hubSeed);
        Policies?.Write(files.Policies);
        foreach (var keys in agencyKeyFiles ? Agencies : [])
        {
            File.WriteAllBytes(files.KeyFile(keys.Agency.Value), keys.ExportProtected(TrustFiles.Passphrase(keys.Agency.Value)));
        }

        return files;
    }

    /// <summary>Raw Ed25519 ‖ ML-DSA-65: the form the hub's trust anchor and <c>broker audit --registry-anchor/--log-key</c> read.</summary>
    public static void WritePublicKey(string path, SigningPublicKey key) => File.WriteAllBytes(path, [.. key.Ed25519, .. key.MlDsa65]);

    public void Dispose()
    {
        foreach (var keys in Agencies)
        {
            keys.Dispose();
        }

        Policies?.Dispose();
        Anchor.Dispose();
        Hub.Dispose();
        CryptographicOperations.ZeroMemory(_hubSeed);
    }
}
