using System.Security.Cryptography;
using System.Text;
using Broker.Audit.Entries;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Audit;

/// <summary>Throw-away keys, a signed registry and signed policies for the benchmark: Thailand sends drug alerts to Russia only.</summary>
internal sealed class AuditWorld : IDisposable
{
    private static readonly string[] Names = ["TH-ONCB", "RU-MVD", "MY-PDRM"];
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();
    private readonly List<AgencyKeys> _agencies;
    private readonly List<AuditRecord> _setup = [];
    private TrustRegistry _registry = null!;
    private PolicySet _policies = PolicySet.Empty;

    private AuditWorld()
    {
        _agencies = Names.Select(n => AgencyKeys.Generate(AgencyId.Parse(n))).ToList();
    }

    public SigningKeyPair RegistryKey { get; } = SigningKeyPair.Generate();

    public SigningKeyPair LogKey { get; } = SigningKeyPair.Generate();

    public SigningKeyPair PolicyKey { get; } = SigningKeyPair.Generate();

    public int SetupRecords => _setup.Count;

    public static AuditWorld Create()
    {
        var world = new AuditWorld();
        world.SignRegistry();
        foreach (var country in new[] { "TH", "RU", "MY" })
        {
            world.SignPolicy(country);
        }

        return world;
    }

    public List<(byte[] Envelope, EnvelopeHeader Header)> SealMany(int count)
    {
        var result = new (byte[], EnvelopeHeader)[count];
        Parallel.For(0, count, i =>
        {
            var request = new SealRequest
            {
                Id = EnvelopeId.New(),
                Created = _now.AddMinutes(-1),
                Expires = _now.AddDays(2),
                Category = Category.DrugTrafficking,
                Tlp = Tlp.Amber,
                Views = [new ViewContent([DataClass.PersonalIdentity], Encoding.UTF8.GetBytes($"benchmark alert {i}"))],
                Recipients = _agencies.Skip(1).Select(a => new RecipientSpec(a.Agency, 0, a.Encryption.PublicKey)).ToList(),
            };
            var envelope = Envelope.Seal(request, _agencies[0]);
            Envelope.TryReadHeader(envelope, out var header, out _);
            result[i] = (envelope, header!);
        });
        return [.. result];
    }

    /// <summary>What the hub checks on arrival, one envelope after another: the replay's yardstick.</summary>
    public RejectReason[] VerifyAll(List<(byte[] Envelope, EnvelopeHeader Header)> envelopes) =>
        envelopes.Select(e => Envelope.TryVerify(e.Envelope, _registry, _now, out _, out var reason) ? RejectReason.None : reason).ToArray();

    /// <summary>The setup records, then per envelope: received, verified, a decision for each recipient, a delivery per Allow.</summary>
    public List<(AuditRecord Record, byte[]? Envelope)> Records(List<(byte[] Envelope, EnvelopeHeader Header)> envelopes)
    {
        var directory = RegistryDirectory.From(_registry);
        var records = _setup.Select(r => (r, (byte[]?)null)).ToList();
        foreach (var (envelope, header) in envelopes)
        {
            var id = header.Id.ToString();
            records.Add((new EnvelopeReceived { EnvelopeId = id, Sender = header.Sender, Category = header.Category, EnvelopeHash = SHA256.HashData(envelope), EnvelopeSize = envelope.Length, SignedHeader = SHA256.HashData(envelope) }, envelope));
            var ok = Envelope.TryVerify(envelope, _registry, _now, out _, out var reason);
            records.Add((new EnvelopeVerified { EnvelopeId = id, Accepted = ok, Reason = reason.ToString(), RegistryVersion = _registry.Version, VerifiedAt = _now }, null));
            var decisions = _agencies.Skip(1).Select(a => DecisionRecords.Record(header, PolicyEvaluator.Decide(DecisionRecords.Facts(header), a.Agency, directory, _policies, _now), _now)).ToList();
            records.AddRange(decisions.Select(d => ((AuditRecord)d, (byte[]?)null)));
            var allowed = decisions.First(d => d.Outcome == DecisionOutcome.Allow);
            records.Add((new DeliveryRecorded { EnvelopeId = id, Recipient = allowed.Recipient, DeliveredHash = SHA256.HashData(envelope) }, null));
        }

        return records;
    }

    public void Dispose()
    {
        foreach (var agency in _agencies)
        {
            agency.Dispose();
        }

        RegistryKey.Dispose();
        LogKey.Dispose();
        PolicyKey.Dispose();
    }

    private void SignRegistry()
    {
        var from = _now.AddDays(-30);
        var to = _now.AddDays(300);
        var policyKey = new RegisteredSigningKey(PolicyKey.PublicKey, from, to, KeyStatus.Active, null);
        var document = new TrustRegistryDocument
        {
            Version = 1,
            IssuedAt = _now.AddDays(-1),
            Agencies = _agencies.Select(a => new AgencyEntry(a.Agency, a.Agency.Value, AuthorityType.Police, AgencyStatus.Active,
                [new RegisteredSigningKey(a.Signing.PublicKey, from, to, KeyStatus.Active, null)],
                [new RegisteredEncryptionKey(a.Encryption.PublicKey, from, to, KeyStatus.Active, null)])).ToList(),
            Countries = _agencies.Select(a => new CountryEntry(a.Agency.Country, a.Agency.Country.Value, [policyKey])).ToList(),
            Hub = new HubEntry("hub", [new RegisteredSigningKey(LogKey.PublicKey, from, to, KeyStatus.Active, null)]),
        };
        var signed = TrustRegistry.SignDocument(document, RegistryKey);
        TrustRegistry.TryLoad(signed, RegistryKey.PublicKey, out var registry, out _);
        _registry = registry!;
        _setup.Add(new RegistryChanged { Version = 1, SignedRegistry = signed });
    }

    private void SignPolicy(string country)
    {
        var outbound = country == "TH"
            ? "{\"id\":\"out-ru-drugs\",\"effect\":\"allow\",\"to\":{\"countries\":[\"RU\"]},\"categories\":[\"drug-trafficking\"],\"maxTlp\":\"RED\",\"maxClassification\":\"secret\"}"
            : "{\"id\":\"out-all\",\"effect\":\"allow\",\"to\":{\"groups\":[\"ASEAN+RU\"]},\"categories\":[\"*\"],\"maxTlp\":\"RED\",\"maxClassification\":\"secret\"}";
        var json = $"{{\"kind\":\"sharing-policy/v1\",\"country\":\"{country}\",\"version\":1,\"effective\":\"{_now.AddDays(-300).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\","
            + $"\"outbound\":[{outbound}],\"inbound\":[{{\"id\":\"in-all\",\"effect\":\"allow\",\"from\":{{\"groups\":[\"ASEAN+RU\"]}},\"categories\":[\"*\"],\"maxTlp\":\"RED\",\"maxClassification\":\"secret\"}}]}}";
        var document = Encoding.UTF8.GetBytes(json);
        if (!PolicyParser.TryParse("bench", document, out var policy, out var result, new CountryCode(country)))
        {
            throw new InvalidOperationException("The benchmark policy is invalid: " + result);
        }

        _policies = _policies.TryAdd(policy, out var next, out var error) ? next : throw new InvalidOperationException(error);
        _setup.Add(new PolicyChanged { Country = new CountryCode(country), Version = 1, Document = document, Signature = PolicySignatures.Sign(document, PolicyKey) });
    }
}
