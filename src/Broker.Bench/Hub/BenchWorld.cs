using System.Security.Cryptography;
using Broker.Bench.World;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Hub;

/// <summary>
/// Throw-away keys, a signed registry and open signed policies for the benchmark (fresh random keys each run), written as the
/// core's trust and policy files.
/// </summary>
internal sealed class BenchWorld : IDisposable
{
    public const string Sender = "TH-ONCB";
    public static readonly string[] Recipients = ["RU-MVD", "MY-PDRM", "SG-CNB"];
    private readonly byte[] _hubSeed = RandomNumberGenerator.GetBytes(32);
    private readonly SigningKeyPair _anchor = SigningKeyPair.Generate();
    private readonly SigningKeyPair _hub;
    private readonly Dictionary<string, AgencyKeys> _keys;
    private readonly OpenPolicies _policies = new(Recipients.Prepend(Sender));

    public BenchWorld(TimeProvider time)
    {
        _hub = SigningKeyPair.FromSeed(_hubSeed);
        _keys = Recipients.Prepend(Sender).ToDictionary(a => a, a => AgencyKeys.Generate(AgencyId.Parse(a)));
        var now = time.GetUtcNow();
        SignedRegistry = TrustRegistry.SignDocument(new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = now,
            Agencies = _keys.Values.Select(k => new AgencyEntry(k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)])).ToList(),
            Hub = new HubEntry("hub-bench", [new RegisteredSigningKey(_hub.PublicKey, now.AddDays(-1), now.AddDays(30), KeyStatus.Active, null)]),
            Countries = _policies.Countries(now),
        }, _anchor);
        Registry = TrustRegistry.TryLoad(SignedRegistry, _anchor.PublicKey, out var registry, out var reason)
            ? registry : throw new InvalidOperationException($"Benchmark registry did not load: {reason}.");
    }

    public byte[] SignedRegistry { get; }
    public TrustRegistry Registry { get; }

    public void WriteTrustFiles(string directory)
    {
        File.WriteAllBytes(Path.Combine(directory, "registry.cbor"), SignedRegistry);
        File.WriteAllBytes(Path.Combine(directory, "anchor.pub"), [.. _anchor.PublicKey.Ed25519, .. _anchor.PublicKey.MlDsa65]);
        File.WriteAllBytes(Path.Combine(directory, "hub.seed"), _hubSeed);
        _policies.Write(Path.Combine(directory, "policies"));
    }

    /// <summary>An alert of <paramref name="plaintextBytes"/> from <see cref="Sender"/> to the three recipients, valid one hour.</summary>
    public (string Id, byte[] Body) Seal(int plaintextBytes, DateTimeOffset now)
    {
        var id = EnvelopeId.New();
        var body = Envelope.Seal(new SealRequest
        {
            Id = id,
            Created = now,
            Expires = now.AddHours(1),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([], RandomNumberGenerator.GetBytes(plaintextBytes))],
            Recipients = Recipients.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, _keys[r].Encryption.PublicKey)).ToList(),
        }, _keys[Sender]);
        return (id.ToString(), body);
    }

    public void Dispose()
    {
        _anchor.Dispose();
        _hub.Dispose();
        _policies.Dispose();
        foreach (var keys in _keys.Values)
        {
            keys.Dispose();
        }
    }
}
