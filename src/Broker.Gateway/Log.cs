namespace Broker.Gateway;

/// <summary>Every gateway log message (EventIds 1000–1999). Identifiers, sizes and reason codes only: never content, keys or passphrases.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "AlertAccepted", Level = LogLevel.Information, Message = "Alert {AlertId} accepted into the outbox ({Bytes} bytes)")]
    public static partial void AlertAccepted(this ILogger logger, Guid alertId, int bytes);

    [LoggerMessage(EventId = 1002, EventName = "AlertDuplicate", Level = LogLevel.Information, Message = "Alert {AlertId} is already in the outbox; redelivery acknowledged")]
    public static partial void AlertDuplicate(this ILogger logger, Guid alertId);

    [LoggerMessage(EventId = 1003, EventName = "AlertRejected", Level = LogLevel.Warning, Message = "Alert refused with {Code} ({Bytes} bytes, message id {MessageId})")]
    public static partial void AlertRejected(this ILogger logger, string code, int bytes, string? messageId);

    [LoggerMessage(EventId = 1004, EventName = "OutboxSealed", Level = LogLevel.Information, Message = "Alert {AlertId} sealed as envelope {EnvelopeId} for {Recipients} recipients in {Views} views")]
    public static partial void OutboxSealed(this ILogger logger, Guid alertId, string envelopeId, int recipients, int views);

    [LoggerMessage(EventId = 1005, EventName = "OutboxSent", Level = LogLevel.Information, Message = "Envelope {EnvelopeId} of alert {AlertId} confirmed by the hub broker")]
    public static partial void OutboxSent(this ILogger logger, string envelopeId, Guid alertId);

    [LoggerMessage(EventId = 1006, EventName = "OutboxAttemptFailed", Level = LogLevel.Warning, Message = "Outbox entry {AlertId} attempt {Attempt} failed; next try in {DelayMilliseconds} ms")]
    public static partial void OutboxAttemptFailed(this ILogger logger, Guid alertId, int attempt, long delayMilliseconds, Exception exception);

    [LoggerMessage(EventId = 1007, EventName = "OutboxFailed", Level = LogLevel.Error, Message = "Alert {AlertId} cannot be sent: {Code}")]
    public static partial void OutboxFailed(this ILogger logger, Guid alertId, string code);

    [LoggerMessage(EventId = 1008, EventName = "RecipientSkipped", Level = LogLevel.Warning, Message = "Alert {AlertId}: recipient {Agency} skipped ({Reason})")]
    public static partial void RecipientSkipped(this ILogger logger, Guid alertId, string agency, string reason);

    [LoggerMessage(EventId = 1009, EventName = "DrainerFailed", Level = LogLevel.Error, Message = "Outbox drain pass failed; retrying")]
    public static partial void DrainerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1010, EventName = "EnvelopeDelivered", Level = LogLevel.Information, Message = "Envelope {EnvelopeId} from {Sender} opened and published to the agency system")]
    public static partial void EnvelopeDelivered(this ILogger logger, string envelopeId, string sender);

    [LoggerMessage(EventId = 1011, EventName = "EnvelopeDuplicate", Level = LogLevel.Information, Message = "Envelope {EnvelopeId} already delivered; redelivery acknowledged")]
    public static partial void EnvelopeDuplicate(this ILogger logger, string envelopeId);

    [LoggerMessage(EventId = 1012, EventName = "EnvelopeRefused", Level = LogLevel.Warning, Message = "Delivery {MessageId} refused: {Reason} ({Bytes} bytes)")]
    public static partial void EnvelopeRefused(this ILogger logger, string? messageId, string reason, int bytes);

    [LoggerMessage(EventId = 1013, EventName = "ReceiptForwarded", Level = LogLevel.Information, Message = "Routing receipt {ReceiptId} for envelope {EnvelopeId} forwarded to the agency system")]
    public static partial void ReceiptForwarded(this ILogger logger, string receiptId, string? envelopeId);

    [LoggerMessage(EventId = 1020, EventName = "KeyringLoaded", Level = LogLevel.Information, Message = "Gateway {Agency} loaded its keys and trust registry version {Version} ({Agencies} agencies)")]
    public static partial void KeyringLoaded(this ILogger logger, string agency, long version, int agencies);

    [LoggerMessage(EventId = 1029, EventName = "RegistryRollbackRefused", Level = LogLevel.Error, Message = "Trust registry file version {Offered} is older than version {Current} accepted before this start; refused, version {Current} stays in force")]
    public static partial void RegistryRollbackRefused(this ILogger logger, long offered, long current);

    [LoggerMessage(EventId = 1034, EventName = "PoliciesLoaded", Level = LogLevel.Information, Message = "Gateway started with sharing policies of {Countries} countries from {Directory}")]
    public static partial void PoliciesLoaded(this ILogger logger, int countries, string directory);

    [LoggerMessage(EventId = 1035, EventName = "NoPoliciesLoaded", Level = LogLevel.Error, Message = "No valid signed sharing policy in {Directory}: every alert is denied until one is loaded")]
    public static partial void NoPoliciesLoaded(this ILogger logger, string directory);

    [LoggerMessage(EventId = 1036, EventName = "DryRunAnswered", Level = LogLevel.Information, Message = "Dry run of alert {AlertId} answered with a sharing notice: {Sealed} of {Candidates} candidates would receive it")]
    public static partial void DryRunAnswered(this ILogger logger, Guid alertId, int @sealed, int candidates);

    [LoggerMessage(EventId = 1037, EventName = "RecipientNotPermitted", Level = LogLevel.Information, Message = "Alert {AlertId}: {Decision}")]
    public static partial void RecipientNotPermitted(this ILogger logger, Guid alertId, string decision);

    [LoggerMessage(EventId = 1040, EventName = "DataClassViolation", Level = LogLevel.Critical,
        Message = "POLICY VIOLATION: envelope {EnvelopeId} from {Sender} carries data classes its signed header does not claim for view {ViewIndex}: {Unexpected}. They were stripped before delivery")]
    public static partial void DataClassViolation(this ILogger logger, string envelopeId, string sender, int viewIndex, string unexpected);
}
