namespace Broker.Gateway.Alerts;

/// <summary>Why the gateway refused an alert from its agency system. The wire names (<see cref="AlertRejectCodes"/>) are stable.</summary>
internal enum AlertRejectCode
{
    EmptyBody = 1,
    BodyTooLarge = 2,
    NotJson = 3,
    NestingTooDeep = 4,
    SchemaViolation = 5,
    WrongOrigin = 6,
    ExpiresBeforeCreated = 7,
    Expired = 8,
    CreatedInFuture = 9,
    NoRecipients = 10,
    SealFailed = 11,

    // The alert's own markings contradict each other or its addressing (protocols/policy.md §5).
    TlpRedBroadcast = 12,
    TlpAmberStrictBroadcast = 13,
    TlpRedToCountry = 14,
    TlpClearClassified = 15,
    BroadcastWithAddressees = 16,
    NoAddressees = 17,
    OriginNotActive = 18,
    InvalidMarking = 19,

    // The policies in force let nobody receive the alert.
    NoPermittedRecipients = 20,

    // The JSON text itself (protocols/amqp.md §2.6).
    DuplicateKey = 21,
    InvalidUnicode = 22,
    ControlCharacter = 23,

    // The AMQP properties (protocols/amqp.md §2.1).
    MissingMessageId = 24,
    InvalidMessageId = 25,
    UnsupportedContentType = 26,
    UnsupportedContentEncoding = 27,

    // Ids reused for other content (protocols/amqp.md §2.1).
    MessageIdReused = 28,
    AlertIdReused = 29,

    // The gateway failed on this message (protocols/amqp.md §2.7): at once for a fault that repeats, after bounded retries otherwise.
    Unprocessable = 30,
    RetriesExhausted = 31,
}

internal static class AlertRejectCodes
{
    /// <summary>The value of the <c>x-reject-code</c> header.</summary>
    public static string WireName(this AlertRejectCode code) => code switch
    {
        AlertRejectCode.EmptyBody => "empty-body",
        AlertRejectCode.BodyTooLarge => "body-too-large",
        AlertRejectCode.NotJson => "not-json",
        AlertRejectCode.NestingTooDeep => "nesting-too-deep",
        AlertRejectCode.SchemaViolation => "schema-violation",
        AlertRejectCode.WrongOrigin => "wrong-origin",
        AlertRejectCode.ExpiresBeforeCreated => "expires-before-created",
        AlertRejectCode.Expired => "expired",
        AlertRejectCode.CreatedInFuture => "created-in-future",
        AlertRejectCode.NoRecipients => "no-recipients",
        AlertRejectCode.SealFailed => "seal-failed",
        AlertRejectCode.TlpRedBroadcast => "tlp-red-broadcast",
        AlertRejectCode.TlpAmberStrictBroadcast => "tlp-amber-strict-broadcast",
        AlertRejectCode.TlpRedToCountry => "tlp-red-to-country",
        AlertRejectCode.TlpClearClassified => "tlp-clear-classified",
        AlertRejectCode.BroadcastWithAddressees => "broadcast-with-addressees",
        AlertRejectCode.NoAddressees => "no-addressees",
        AlertRejectCode.OriginNotActive => "origin-not-active",
        AlertRejectCode.InvalidMarking => "invalid-marking",
        AlertRejectCode.NoPermittedRecipients => "no-permitted-recipients",
        AlertRejectCode.DuplicateKey => "duplicate-key",
        AlertRejectCode.InvalidUnicode => "invalid-unicode",
        AlertRejectCode.ControlCharacter => "control-character",
        AlertRejectCode.MissingMessageId => "missing-message-id",
        AlertRejectCode.InvalidMessageId => "invalid-message-id",
        AlertRejectCode.UnsupportedContentType => "unsupported-content-type",
        AlertRejectCode.UnsupportedContentEncoding => "unsupported-content-encoding",
        AlertRejectCode.MessageIdReused => "message-id-reused",
        AlertRejectCode.AlertIdReused => "alert-id-reused",
        AlertRejectCode.Unprocessable => "unprocessable",
        AlertRejectCode.RetriesExhausted => "retries-exhausted",
        _ => "unknown",
    };
}

/// <summary>A refusal with a stable code and a human-readable reason (field locations, never field values).</summary>
internal sealed record AlertRejection(AlertRejectCode Code, string Reason)
{
    public const int MaxReasonLength = 1000;

    public string WireCode => Code.WireName();

    public static AlertRejection Of(AlertRejectCode code, string reason) =>
        new(code, reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength]);
}
