using System.Security.Cryptography;
using System.Text;
using Broker.Audit.Entries;
using Broker.Bench.World;
using Broker.Policy.Evaluation;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;

namespace Broker.Bench.Audit;

/// <summary>
/// What the audit benchmark's log holds, on a <see cref="BenchWorld"/>: the registry and the three countries' signed policies,
/// then Thailand's drug alerts to Russia and Malaysia, which Thailand's policy lets reach Russia only. Each envelope leaves five
/// entries: received, verified, an Allow, a Deny and one delivery.
/// </summary>
internal sealed class GeneratedLog : IDisposable
{
    public const int EntriesPerEnvelope = 5;
    private const string Sender = "TH-ONCB";
    private const string OnlyDrugsToRussia = """{"id":"out-ru-drugs","effect":"allow","to":{"countries":["RU"]},"categories":["drug-trafficking"],"maxTlp":"RED","maxClassification":"secret"}""";
    private static readonly string[] Recipients = ["RU-MVD", "MY-PDRM"];
    private readonly PolicySet _policies;

    public GeneratedLog(DateTimeOffset now)
    {
        var agencies = Recipients.Prepend(Sender).ToArray();
        World = BenchWorld.Create(agencies, now, new BenchPolicies(agencies, now.AddDays(-1), country => country == "TH" ? OnlyDrugsToRussia : null));
        _policies = World.Policies!.Parse();
        Setup = [new RegistryChanged { Version = 1, SignedRegistry = World.SignedRegistry },
            .. World.Policies.Signed.Select(p => new PolicyChanged { Country = p.Country, Version = 1, Document = p.Document, Signature = p.Signature })];
    }

    public BenchWorld World { get; }

    /// <summary>The records that put the registry and the policies in force; they go first.</summary>
    public IReadOnlyList<AuditRecord> Setup { get; }

    public List<(byte[] Envelope, EnvelopeHeader Header)> SealMany(int count)
    {
        var result = new (byte[], EnvelopeHeader)[count];
        Parallel.For(0, count, i =>
        {
            var envelope = Envelope.Seal(World.Alert(Recipients, Encoding.UTF8.GetBytes($"benchmark alert {i}"), World.Now.AddMinutes(-1)), World[Sender]);
            Envelope.TryReadHeader(envelope, out var header, out _);
            result[i] = (envelope, header!);
        });
        return [.. result];
    }

    /// <summary>What the hub checks on arrival, one envelope after another: the replay's yardstick.</summary>
    public RejectReason[] VerifyAll(List<(byte[] Envelope, EnvelopeHeader Header)> envelopes) =>
        [.. envelopes.Select(e => Envelope.TryVerify(e.Envelope, World.Registry, World.Now, out _, out var reason) ? RejectReason.None : reason)];

    /// <summary>The setup records, then per envelope: received, verified, a decision for each recipient, a delivery per Allow.</summary>
    public List<(AuditRecord Record, byte[]? Envelope)> Records(List<(byte[] Envelope, EnvelopeHeader Header)> envelopes)
    {
        var (registry, now) = (World.Registry, World.Now);
        var directory = RegistryDirectory.From(registry);
        var records = Setup.Select(r => (r, (byte[]?)null)).ToList();
        foreach (var (envelope, header) in envelopes)
        {
            var id = header.Id.ToString();
            records.Add((new EnvelopeReceived { EnvelopeId = id, Sender = header.Sender, Category = header.Category, EnvelopeHash = SHA256.HashData(envelope), EnvelopeSize = envelope.Length, SignedHeader = SHA256.HashData(envelope) }, envelope));
            var ok = Envelope.TryVerify(envelope, registry, now, out _, out var reason);
            records.Add((new EnvelopeVerified { EnvelopeId = id, Accepted = ok, Reason = reason.ToString(), RegistryVersion = registry.Version, VerifiedAt = now }, null));
            var decisions = Recipients.Select(r => DecisionRecords.Record(header, PolicyEvaluator.Decide(EnvelopePolicy.Facts(header), World[r].Agency, directory, _policies, now), now)).ToList();
            records.AddRange(decisions.Select(d => ((AuditRecord)d, (byte[]?)null)));
            var allowed = decisions.First(d => d.Outcome == RecordedOutcome.Allow);
            records.Add((new DeliveryRecorded { EnvelopeId = id, Recipient = allowed.Recipient, DeliveredHash = SHA256.HashData(envelope) }, null));
        }

        return records;
    }

    public void Dispose() => World.Dispose();
}
