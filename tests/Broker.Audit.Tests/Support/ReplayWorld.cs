using System.Security.Cryptography;
using Broker.Audit.Entries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Tests.Support;

/// <summary>
/// Three agencies with real composite keys, a registry signed by a registry key, and real sealed envelopes: what replay needs.
/// Shared and never disposed, like the protocol tests' world, because key generation is the slow part.
/// </summary>
internal sealed class ReplayWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] AgencyNames = ["TH-ONCB", "RU-MVD", "MY-PDRM"];
    private static readonly string[] RecipientNames = ["RU-MVD", "MY-PDRM"];

    private static readonly Lazy<ReplayWorld> Instance = new(() => new ReplayWorld());

    private ReplayWorld()
    {
        RegistryKey = SigningKeyPair.FromSeed(Seed(0xF0, 0));
        LogKey = SigningKeyPair.FromSeed(Seed(0xF1, 0));
        Keys = AgencyNames
            .Select((name, i) => new AgencyKeys(AgencyId.Parse(name), SigningKeyPair.FromSeed(Seed(0x51, i)), EncryptionKeyPair.FromSeed(Seed(0xE1, i))))
            .ToDictionary(k => k.Agency.Value);
    }

    public static ReplayWorld Shared => Instance.Value;

    public SigningKeyPair RegistryKey { get; }

    public SigningKeyPair LogKey { get; }

    public IReadOnlyDictionary<string, AgencyKeys> Keys { get; }

    /// <summary>A signed registry of the given version; agencies in <paramref name="revoked"/> have their keys revoked an hour before <see cref="Now"/>.</summary>
    public RegistryChanged Registry(long version, params string[] revoked)
    {
        var from = Now.AddDays(-30);
        var to = Now.AddDays(300);
        var agencies = Keys.Values.Select(k =>
        {
            var status = revoked.Contains(k.Agency.Value) ? KeyStatus.Revoked : KeyStatus.Active;
            DateTimeOffset? revokedAt = status == KeyStatus.Revoked ? Now.AddHours(-1) : null;
            return new AgencyEntry(k.Agency, k.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(k.Signing.PublicKey, from, to, status, revokedAt)],
                [new RegisteredEncryptionKey(k.Encryption.PublicKey, from, to, status, revokedAt)]);
        }).ToList();
        var document = new TrustRegistryDocument
        {
            Version = version,
            IssuedAt = Now.AddDays(-1),
            Agencies = agencies,
            Hub = new HubEntry("hub", [new RegisteredSigningKey(LogKey.PublicKey, from, to, KeyStatus.Active, null)]),
        };
        return new RegistryChanged { Version = version, SignedRegistry = TrustRegistry.SignDocument(document, RegistryKey) };
    }

    /// <summary>A real sealed envelope from Thailand to Russia and Malaysia, and the record of its arrival.</summary>
    public (EnvelopeReceived Record, byte[] Envelope) Seal()
    {
        var request = new SealRequest
        {
            Id = EnvelopeId.New(),
            Created = Now.AddMinutes(-1),
            Expires = Now.AddDays(2),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([DataClass.PersonalIdentity], "suspect shipment"u8.ToArray())],
            Recipients = RecipientNames.Select(r => new RecipientSpec(AgencyId.Parse(r), 0, Keys[r].Encryption.PublicKey)).ToList(),
        };
        var envelope = Envelope.Seal(request, Keys["TH-ONCB"]);
        var record = new EnvelopeReceived
        {
            EnvelopeId = request.Id.ToString(),
            Sender = Records.Thai,
            Category = Category.DrugTrafficking,
            EnvelopeHash = SHA256.HashData(envelope),
            EnvelopeSize = envelope.Length,
            SignedHeader = SHA256.HashData(envelope),
        };
        return (record, envelope);
    }

    public static EnvelopeVerified Verified(EnvelopeReceived received, long registryVersion, bool accepted = true, string reason = "None") => new()
    {
        EnvelopeId = received.EnvelopeId,
        Accepted = accepted,
        Reason = reason,
        RegistryVersion = registryVersion,
        VerifiedAt = Now,
    };

    public static PolicyChanged Policy(string country, long version) =>
        new() { Country = new CountryCode(country), Version = version, SignedPolicy = System.Text.Encoding.UTF8.GetBytes($"policy {country} v{version}") };

    private static byte[] Seed(byte tag, int index) => Enumerable.Range(0, 32).Select(j => (byte)(j == 0 ? tag : j == 1 ? index : j)).ToArray();
}
