using System.Security.Cryptography;
using Broker.Audit.Entries;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Tests.AuditEntries;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Network;
using Broker.Testing.Trust;

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
        RegistryKey = TestNetwork.FixedKey(0xF0);
        LogKey = TestNetwork.FixedKey(0xF1);
        PolicyKey = TestNetwork.FixedKey(0xF2);
        Keys = AgencyNames.ToDictionary(a => a, TestNetwork.FixedKeys);
    }

    public static ReplayWorld Shared => Instance.Value;

    public SigningKeyPair RegistryKey { get; }

    public SigningKeyPair LogKey { get; }

    public SigningKeyPair PolicyKey { get; }

    public IReadOnlyDictionary<string, AgencyKeys> Keys { get; }

    /// <summary>A signed registry of the given version; agencies in <paramref name="revoked"/> have their keys revoked an hour before <see cref="Now"/>.</summary>
    public RegistryChanged Registry(long version, params string[] revoked)
    {
        var registry = new TestRegistry(Now.AddDays(-30), Now.AddDays(300)).Version(version).IssuedAt(Now.AddDays(-1)).Hub(LogKey.PublicKey);
        foreach (var k in Keys.Values)
        {
            var isRevoked = revoked.Contains(k.Agency.Value);
            registry.Agency(k, keyStatus: isRevoked ? KeyStatus.Revoked : KeyStatus.Active, revokedAt: isRevoked ? Now.AddHours(-1) : null);
            registry.Country(k.Agency.Country.Value, PolicyKey.PublicKey);
        }

        return new RegistryChanged { Version = version, SignedRegistry = registry.Sign(RegistryKey) };
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

    /// <summary>
    /// A signed policy: Thailand sends drug alerts to Russia only; Russia and Malaysia send and accept anything within ASEAN+RU.
    /// <paramref name="effective"/> defaults to long before <see cref="Now"/>.
    /// </summary>
    public PolicyChanged Policy(string country, long version, DateTimeOffset? effective = null)
    {
        var outbound = country == "TH"
            ? "{'id':'out-ru-drugs','effect':'allow','to':{'countries':['RU']},'categories':['drug-trafficking'],'maxTlp':'RED','maxClassification':'secret'}"
            : "{'id':'out-all','effect':'allow','to':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}";
        var json = $"{{'kind':'sharing-policy/v1','country':'{country}','version':{version},'effective':'{(effective ?? Now.AddDays(-300)).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}',"
            + $"'outbound':[{outbound}],"
            + "'inbound':[{'id':'in-all','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}]}";
        var document = System.Text.Encoding.UTF8.GetBytes(json.Replace('\'', '"'));
        return new PolicyChanged { Country = new CountryCode(country), Version = version, Document = document, Signature = PolicySignatures.Sign(document, PolicyKey) };
    }

    /// <summary>What the hub would record: the real evaluator's decision for <paramref name="recipient"/>.</summary>
    public DecisionRecorded Decide(byte[] envelope, RegistryChanged registry, IEnumerable<PolicyChanged> policies, AgencyId recipient)
    {
        Envelope.TryReadHeader(envelope, out var header, out _);
        TrustRegistry.TryLoad(registry.SignedRegistry, RegistryKey.PublicKey, out var loaded, out _);
        var set = PolicySet.Create(policies.Select(p => PolicyParser.TryParse("test", p.Document, out var policy, out _) ? policy : throw new InvalidOperationException("bad test policy")));
        var decision = PolicyEvaluator.Decide(EnvelopePolicy.Facts(header!), recipient, RegistryDirectory.From(loaded!), set, Now);
        return DecisionRecords.Record(header!, decision, Now);
    }
}
