using System.Security.Cryptography;
using Broker.Audit.Entries;
using Broker.Hosting.Rabbit;
using Broker.Hub.Audit;
using Broker.Hub.Routing;
using Broker.Protocol;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;

namespace Broker.Hub.Ingress;

/// <summary>
/// The ingress pipeline's entries in the audit log (protocols/audit-log.md), the one record of the hub's decisions: a routed
/// envelope (received, verified, each policy decision, each delivery, and the receipt's entry, in one submission), an envelope
/// that failed verification (received, not accepted), and every refused message. Each call returns once the entries are durable.
/// </summary>
internal sealed class IngressAudit(IAuditTrail trail, TimeProvider time)
{
    /// <summary>The clock at millisecond precision, as the log stores it, so replay evaluates at exactly the recorded instant.</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Received and not accepted, with the sealed bytes archived, so auditors can re-check the verdict.</summary>
    public Task VerificationFailedAsync(EnvelopeHeader header, ReadOnlyMemory<byte> body, RejectReason reason, TrustRegistry registry, DateTimeOffset verifiedAt, CancellationToken cancellationToken) =>
        trail.AppendAsync([Received(header, body), Verification(header.Id.ToString(), reason, registry, verifiedAt)], body, cancellationToken);

    /// <summary>A refused ingress message: code, reason, the AMQP user, the envelope id when known and the body's size and hash (never the body).</summary>
    public Task RefusedAsync(InboundDelivery delivery, string? envelopeId, IngressRejection rejection, byte[] bodyHash, CancellationToken cancellationToken) =>
        trail.AppendAsync([new IngressRefused
        {
            Code = rejection.Code,
            Reason = rejection.Reason,
            AuthenticatedUser = DeadLetters.Echo(delivery.UserId) ?? "",
            EnvelopeId = envelopeId,
            BodySize = delivery.Body.Length,
            BodyHash = bodyHash,
            RefusedAt = Now(),
        }], default, cancellationToken);

    /// <summary>
    /// Appends a routed envelope's entries and then the receipt's entry in one submission, so a receipt never names something the log
    /// lacks; returns the receipt's proven wire form, or null when this trail cannot prove it (the caller then signs the receipt).
    /// </summary>
    public Task<byte[]?> RoutedAsync(VerifiedEnvelope verified, TrustRegistry registry, DateTimeOffset verifiedAt, DateTimeOffset decidedAt,
        IReadOnlyList<RecipientVerdict> verdicts, IReadOnlyList<RoutedRecipient> outcomes, byte[] receiptPayload, CancellationToken cancellationToken)
    {
        var header = verified.Header;
        return trail.AppendWithReceiptAsync(RoutedRecords(verified, registry, verifiedAt, decidedAt, verdicts, outcomes), verified.Bytes,
            new RoutingReceiptIssued { EnvelopeId = header.Id.ToString(), Sender = header.Sender, Payload = receiptPayload }, cancellationToken);
    }

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
        IReadOnlyList<RecipientVerdict> verdicts, IReadOnlyList<RoutedRecipient> outcomes)
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

        foreach (var outcome in outcomes)
        {
            if (outcome.Delivered && outcome.CopyHash is { } hash)
            {
                records.Add(new DeliveryRecorded { EnvelopeId = envelopeId, Recipient = outcome.Agency, DeliveredHash = hash });
            }
        }

        return records;
    }

    /// <summary>The exact signed header bytes (map key 1 of the envelope, envelope-v1.md §4); called only on a parsed envelope.</summary>
    private static byte[] SignedHeaderBytes(ReadOnlyMemory<byte> body) =>
        Envelope.TryReadSignedHeader(body, out var header, out _) ? header.ToArray() : [];
}
