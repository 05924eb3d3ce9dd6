using System.Security.Cryptography;
using Broker.Audit.Entries;
using Broker.Audit.Storage;
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
/// envelope (received, verified and each policy decision before any copy is published; each delivery and the receipt's entry after
/// the copies were confirmed), an envelope
/// that failed verification (received, not accepted), and every refused message. Each call returns once the entries are durable.
/// </summary>
internal sealed class IngressAudit(IAuditTrail trail, TimeProvider time)
{
    /// <summary>The clock at millisecond precision, as the log stores it, so replay evaluates at exactly the recorded instant.</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>
    /// Received and not accepted, with the sealed bytes archived (keyed by their hash, so they never stand for another body with the
    /// same id) when at most <see cref="ArchiveLimits.MaxRefusedEnvelopeBytes"/>, so auditors can re-check the verdict; a larger
    /// refused body is recorded by hash and size only (protocols/audit-log.md §6).
    /// </summary>
    public Task VerificationFailedAsync(EnvelopeHeader header, ReadOnlyMemory<byte> body, RejectReason reason, TrustRegistry registry, DateTimeOffset verifiedAt, CancellationToken cancellationToken) =>
        trail.AppendAsync([Received(header, body), Verification(header.Id.ToString(), reason, registry, verifiedAt)],
            body.Length <= ArchiveLimits.MaxRefusedEnvelopeBytes ? body : default, cancellationToken);

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
    /// Step one of a routed envelope, before any copy leaves the hub: received (with the sealed envelope archived), verified, and each
    /// policy decision. Returns once durable; a store failure throws and nothing is delivered (protocols/audit-log.md §7).
    /// </summary>
    public Task DecidedAsync(VerifiedEnvelope verified, TrustRegistry registry, DateTimeOffset verifiedAt, DateTimeOffset decidedAt,
        IReadOnlyList<RecipientVerdict> verdicts, CancellationToken cancellationToken) =>
        trail.AppendAsync(DecidedRecords(verified, registry, verifiedAt, decidedAt, verdicts), verified.Bytes, cancellationToken);

    /// <summary>
    /// Step two, after the copies were confirmed: each delivery and then the receipt's entry in one submission, so a receipt never
    /// names something the log lacks; returns the receipt's proven wire form, or null when this trail cannot prove it (the caller then
    /// signs the receipt).
    /// </summary>
    public Task<byte[]?> RoutedAsync(VerifiedEnvelope verified, IReadOnlyList<RoutedRecipient> outcomes, byte[] receiptPayload, CancellationToken cancellationToken)
    {
        var header = verified.Header;
        var envelopeId = header.Id.ToString();
        var deliveries = new List<AuditRecord>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Delivered && outcome.CopyHash is { } hash)
            {
                deliveries.Add(new DeliveryRecorded { EnvelopeId = envelopeId, Recipient = outcome.Agency, DeliveredHash = hash });
            }
        }

        return trail.AppendWithReceiptAsync(deliveries, default,
            new RoutingReceiptIssued { EnvelopeId = envelopeId, Sender = header.Sender, Payload = receiptPayload }, cancellationToken);
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

    /// <summary>What the log holds about a routed envelope before its copies go out, in log order: received, verified, each decision.</summary>
    private static List<AuditRecord> DecidedRecords(VerifiedEnvelope verified, TrustRegistry registry, DateTimeOffset verifiedAt, DateTimeOffset decidedAt,
        IReadOnlyList<RecipientVerdict> verdicts)
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

        return records;
    }

    /// <summary>The exact signed header bytes (map key 1 of the envelope, envelope-v1.md §4); called only on a parsed envelope.</summary>
    private static byte[] SignedHeaderBytes(ReadOnlyMemory<byte> body) =>
        Envelope.TryReadSignedHeader(body, out var header, out _) ? header.ToArray() : [];
}
