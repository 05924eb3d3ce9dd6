namespace Broker.Gateway.Inbound;

/// <summary>
/// The stable reason codes of the receiving gateway's quarantine (protocols/case-alert.md, "What the receiving gateway
/// checks"). They are stored in the refused table, logged, counted and sent to the sender in a "not delivered" receipt;
/// they name a rule, never content.
/// </summary>
internal static class InboundRejectCode
{
    public const string NotJson = "view-not-json";
    public const string NestingTooDeep = "view-nesting-too-deep";
    public const string DuplicateKey = "view-duplicate-key";
    public const string SchemaViolation = "view-schema-violation";
    public const string OriginMismatch = "view-origin-mismatch";
    public const string MarkingsMismatch = "view-markings-mismatch";
    public const string KindMismatch = "view-kind-mismatch";
    public const string ActionWithoutAlert = "action-without-in-reply-to";
    public const string ActionOutOfPlace = "action-out-of-place";
    public const string GrantNotFromOriginator = "grant-not-from-originator";
    public const string GrantWithoutRequest = "grant-without-request";
    public const string ReceiptMalformed = "receipt-malformed";
    public const string ReceiptOutOfPlace = "receipt-out-of-place";

    /// <summary>The prefix of a failure to verify or open the envelope itself, followed by the protocol's reject reason name.</summary>
    public const string EnvelopePrefix = "envelope-";
}
