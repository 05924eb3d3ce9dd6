using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Trust;

namespace Broker.Protocol.Tests.EnvelopeVectors;

/// <summary>The small fixed network of protocols/test-vectors/envelope-v1.json: every seed is 32 bytes of one repeated byte.</summary>
internal static class VectorWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Created = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Expires = Created.AddDays(2);
    public static readonly string[] Agencies = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB"];

    public static byte[] RegistrySeed => Fill(0xA0);

    public static byte[] SigningSeed(int i) => Fill((byte)(0x10 + i));

    public static byte[] EncryptionSeed(int i) => Fill((byte)(0x20 + i));

    public static byte[] Fill(byte value) => Enumerable.Repeat(value, 32).ToArray();

    public static AgencyKeys Keys(string agency)
    {
        var i = Array.IndexOf(Agencies, agency);
        return new AgencyKeys(AgencyId.Parse(agency), SigningKeyPair.FromSeed(SigningSeed(i)), EncryptionKeyPair.FromSeed(EncryptionSeed(i)));
    }

    /// <summary>The signed registry: all keys active from 2026-01-01 to 2027-12-31, ML-DSA signed deterministically.</summary>
    public static byte[] SignedRegistry()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero);
        using var registryKey = SigningKeyPair.FromSeed(RegistrySeed);
        var registry = new TestRegistry(from, to).IssuedAt(from).Hub(registryKey.PublicKey);
        foreach (var name in Agencies)
        {
            using var keys = Keys(name);
            registry.Agency(keys, name: name + " (test vectors)");
        }

        return TrustRegistry.SignDocument(registry.Document(), registryKey, deterministic: true);
    }
}
