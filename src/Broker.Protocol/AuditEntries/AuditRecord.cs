using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.AuditEntries;

/// <summary>
/// What happened, as a hub instance reports it to the sequencer. The sequencer wraps it in an <see cref="AuditEntry"/> with the
/// index and time; the encoding is canonical CBOR (protocols/audit-log.md), so one record has exactly one byte form.
/// Envelope ids are 16 bytes, shown as 32 lowercase hex characters; hashes are SHA-256.
/// </summary>
public abstract record AuditRecord
{
    private protected AuditRecord()
    {
    }

    public abstract AuditEntryKind Kind { get; }
}

public enum AuditEntryKind
{
    EnvelopeReceived = 1,
    EnvelopeVerified = 2,
    Decision = 3,
    Delivery = 4,
    Receipt = 5,
    RegistryChanged = 6,
    PolicyChanged = 7,
    RoutingReceipt = 8,
    IngressRefused = 9,
}

/// <summary>An envelope reached the hub. The sealed bytes are archived beside the log; <see cref="EnvelopeHash"/> binds them.</summary>
public sealed record EnvelopeReceived : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.EnvelopeReceived;
    public required string EnvelopeId { get; init; }
    public required AgencyId Sender { get; init; }
    public required Category Category { get; init; }
    /// <summary>SHA-256 of the whole sealed envelope as received.</summary>
    public required byte[] EnvelopeHash { get; init; }
    public required long EnvelopeSize { get; init; }
    /// <summary>The envelope's signed header bytes, readable without any key.</summary>
    public required byte[] SignedHeader { get; init; }
}

/// <summary>The hub's verification result for an envelope, with the registry version it used.</summary>
public sealed record EnvelopeVerified : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.EnvelopeVerified;
    public required string EnvelopeId { get; init; }
    public required bool Accepted { get; init; }
    /// <summary>The RejectReason name, "None" when accepted.</summary>
    public required string Reason { get; init; }
    public required long RegistryVersion { get; init; }
    /// <summary>The hub's clock when it checked freshness; replay checks at the same instant.</summary>
    public required DateTimeOffset VerifiedAt { get; init; }
}

/// <summary>
/// One per-recipient decision of the policy evaluator (Broker.Policy): outcome, reason, the deciding rules and the policy versions
/// used (0 when the country had no policy in force), the view delivered (-1 unless allowed) and the time evaluated. The fields are
/// the log's own (<see cref="RecordedOutcome"/>, names as text), so the format does not depend on the evaluator's types;
/// Broker.Audit's <c>DecisionRecords</c> is the one mapping from an evaluator decision to this record.
/// </summary>
public sealed record DecisionRecorded : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.Decision;
    public required string EnvelopeId { get; init; }
    public required AgencyId Origin { get; init; }
    public required AgencyId Recipient { get; init; }
    public required Category Category { get; init; }
    public required RecordedOutcome Outcome { get; init; }
    /// <summary>The evaluator's <c>DenyReason</c> name ("None" for an allow).</summary>
    public required string Reason { get; init; }
    /// <summary>The deciding rules, each "CC/version/outbound|inbound/rule-id", joined by " + "; empty for a default deny.</summary>
    public required string Rule { get; init; }
    public required long OriginPolicyVersion { get; init; }
    public required long DestinationPolicyVersion { get; init; }
    public int ViewIndex { get; init; } = -1;
    public required DateTimeOffset DecidedAt { get; init; }
}

/// <summary>A (stripped) envelope was put on a recipient's delivery queue.</summary>
public sealed record DeliveryRecorded : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.Delivery;
    public required string EnvelopeId { get; init; }
    public required AgencyId Recipient { get; init; }
    /// <summary>SHA-256 of the stripped envelope the recipient was given.</summary>
    public required byte[] DeliveredHash { get; init; }
}

/// <summary>A signed receipt (delivered, acknowledged, replied) came back from an agency.</summary>
public sealed record ReceiptRecorded : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.Receipt;
    public required string EnvelopeId { get; init; }
    public required AgencyId From { get; init; }
    public required string ReceiptKind { get; init; }
    public required byte[] SignedReceipt { get; init; }
}

/// <summary>A new signed trust registry came into force; replay uses it for every later envelope.</summary>
public sealed record RegistryChanged : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.RegistryChanged;
    public required long Version { get; init; }
    public required byte[] SignedRegistry { get; init; }
}

/// <summary>The hub loaded a country's signed sharing policy: the exact document bytes and their detached signature (broker/v1/policy).</summary>
public sealed record PolicyChanged : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.PolicyChanged;
    public required CountryCode Country { get; init; }
    public required long Version { get; init; }
    public required byte[] Document { get; init; }
    public required byte[] Signature { get; init; }
}

/// <summary>
/// The hub's routing receipt to the sender of an envelope: the exact receipt payload (<see cref="Receipts.RoutingReceiptCodec.EncodePayload"/>). The receipt
/// the sender gets carries this entry and its inclusion proof against a signed tree head instead of a signature of its own.
/// </summary>
public sealed record RoutingReceiptIssued : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.RoutingReceipt;
    public required string EnvelopeId { get; init; }
    public required AgencyId Sender { get; init; }
    public required byte[] Payload { get; init; }
}

/// <summary>
/// The hub refused an ingress message and dead-lettered it: spoofed or missing AMQP user-id, unknown sender, oversized or
/// malformed body, failed verification, replay. Only what the hub could establish is kept: no body bytes, since a refused
/// message may be anything; the hash lets an auditor match it to the dead-lettered copy.
/// </summary>
public sealed record IngressRefused : AuditRecord
{
    public override AuditEntryKind Kind => AuditEntryKind.IngressRefused;
    /// <summary>The stable reject code (protocols/amqp.md), such as <c>sender-mismatch</c>.</summary>
    public required string Code { get; init; }
    public required string Reason { get; init; }
    /// <summary>The AMQP user-id RabbitMQ validated, or empty when the message carried none.</summary>
    public required string AuthenticatedUser { get; init; }
    /// <summary>The envelope id when the header could be read, otherwise null.</summary>
    public string? EnvelopeId { get; init; }
    public required long BodySize { get; init; }
    /// <summary>SHA-256 of the body, or empty when the body was over the size cap and never read.</summary>
    public required byte[] BodyHash { get; init; }
    public required DateTimeOffset RefusedAt { get; init; }
}
