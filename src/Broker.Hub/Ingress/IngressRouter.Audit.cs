using System.Security.Cryptography;
using Broker.Audit.Entries;
using Broker.Hub.Routing;
using Broker.Protocol;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;

namespace Broker.Hub.Ingress;

public sealed partial class IngressRouter
{
    /// <summary>The clock at millisecond precision, as the log stores it, so replay evaluates at exactly the recorded instant.</summary>
    private DateTimeOffset AuditTime() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    private static EnvelopeReceived Received(EnvelopeHeader header, ReadOnlyMemory<byte> body) => new()
    {
        EnvelopeId = header.Id.ToString(),
        Sender = header.Sender,
        Category = header.Category,
        EnvelopeHash = SHA256.HashData(body.Span),
        EnvelopeSize = body.Length,
        SignedHeader = SignedHeaderBytes(body),
    };

    private static EnvelopeVerified Verification(string envelopeId, RejectReason reason, TrustRegistry registry, DateTimeOffset at) => new()
    {
        EnvelopeId = envelopeId,
        Accepted = reason == RejectReason.None,
        Reason = reason.ToString(),
        RegistryVersion = registry.Version,
        VerifiedAt = at,
    };

    /// <summary>Every entry about one routed envelope, in log order: received, verified, each policy decision, each delivery.</summary>
    private static List<AuditRecord> RoutedRecords(VerifiedEnvelope verified, TrustRegistry registry, DateTimeOffset verifiedAt, DateTimeOffset decidedAt,
        IReadOnlyList<RecipientVerdict> verdicts, IReadOnlyList<(Decisions.RecipientDecision Decision, byte[]? CopyHash)> outcomes)
    {
        var header = verified.Header;
        var envelopeId = header.Id.ToString();
        var records = new List<AuditRecord> { Received(header, verified.Bytes), Verification(envelopeId, RejectReason.None, registry, verifiedAt) };
        var recorded = new HashSet<Protocol.Vocabulary.AgencyId>();
        foreach (var verdict in verdicts)
        {
            if (verdict.Evaluation is { } evaluation && recorded.Add(verdict.Agency))
            {
                records.Add(DecisionRecords.Record(header, evaluation, decidedAt));
            }
        }

        foreach (var (decision, hash) in outcomes)
        {
            if (decision.Delivered && hash is not null)
            {
                records.Add(new DeliveryRecorded { EnvelopeId = envelopeId, Recipient = Protocol.Vocabulary.AgencyId.Parse(decision.Agency), DeliveredHash = hash });
            }
        }

        return records;
    }

    /// <summary>The exact signed header bytes (map key 1 of the envelope, envelope-v1.md §4); called only on a parsed envelope.</summary>
    private static byte[] SignedHeaderBytes(ReadOnlyMemory<byte> body) =>
        Envelope.TryReadSignedHeader(body, out var header, out _) ? header.ToArray() : [];
}
