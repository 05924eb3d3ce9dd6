using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Fuzz;

/// <summary>
/// The network of protocols/test-vectors/envelope-v1.json (the same seeds and agencies, see
/// tests/Broker.Protocol.Tests/EnvelopeVectors/VectorWorld.cs), so the vectors' envelopes verify here and the seed corpus
/// starts from valid inputs. The registry key is also the hub's key, which signs routing receipts.
/// </summary>
internal sealed class VectorWorld
{
    private static readonly Lazy<VectorWorld> Instance = new(() => new VectorWorld());

    private VectorWorld()
    {
        RegistryKey = SigningKeyPair.FromSeed(Fill(0xA0));
        Keys = Agencies.Select((name, i) => new AgencyKeys(AgencyId.Parse(name), SigningKeyPair.FromSeed(Fill((byte)(0x10 + i))), EncryptionKeyPair.FromSeed(Fill((byte)(0x20 + i))))).ToList();
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var doc = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = from,
            Agencies = Keys.Select(k => new AgencyEntry(k.Agency, k.Agency.Value + " (test vectors)", AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, from, to, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, from, to, KeyStatus.Active, null)])).ToList(),
            Hub = new HubEntry("hub", [new RegisteredSigningKey(RegistryKey.PublicKey, from, to, KeyStatus.Active, null)]),
        };
        SignedRegistry = TrustRegistry.SignDocument(doc, RegistryKey);
        Registry = TrustRegistry.TryLoad(SignedRegistry, RegistryKey.PublicKey, out var registry, out var reason)
            ? registry
            : throw new InvalidOperationException($"The vector registry did not load: {reason}.");
    }

    public static string[] Agencies { get; } = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB"];

    public static VectorWorld Shared => Instance.Value;

    public DateTimeOffset Now { get; } = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public SigningKeyPair RegistryKey { get; }

    public IReadOnlyList<AgencyKeys> Keys { get; }

    public byte[] SignedRegistry { get; }

    public TrustRegistry Registry { get; }

    private static byte[] Fill(byte value) => Enumerable.Repeat(value, 32).ToArray();
}
