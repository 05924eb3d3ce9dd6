using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

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
    public static byte[] SignedRegistry() => SignedRegistry(a => a);

    /// <summary>Start of every key's window in <see cref="SignedRegistry()"/>.</summary>
    public static readonly DateTimeOffset KeysFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>End of every key's window in <see cref="SignedRegistry()"/>.</summary>
    public static readonly DateTimeOffset KeysTo = new(2027, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The same registry with each agency entry passed through <paramref name="change"/> (revoked, suspended, rotated keys).</summary>
    public static byte[] SignedRegistry(Func<AgencyEntry, AgencyEntry> change)
    {
        var from = KeysFrom;
        var to = KeysTo;
        using var registryKey = SigningKeyPair.FromSeed(RegistrySeed);
        var agencies = Agencies.Select(name =>
        {
            using var keys = Keys(name);
            return new AgencyEntry(keys.Agency, name + " (test vectors)", AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(keys.Signing.PublicKey, from, to, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(keys.Encryption.PublicKey, from, to, KeyStatus.Active, null)]);
        }).Select(change).ToList();
        var doc = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = from,
            Agencies = agencies,
            Hub = new HubEntry("hub", [new RegisteredSigningKey(registryKey.PublicKey, from, to, KeyStatus.Active, null)]),
        };
        return TrustRegistry.SignDocument(doc, registryKey, deterministic: true);
    }
}
