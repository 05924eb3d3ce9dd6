namespace Broker.Hub;

/// <summary>The routing core's log messages (EventIds 2000-2999). Identifiers, sizes and codes only; never payload bytes.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "EnvelopeRouted", Level = LogLevel.Information,
        Message = "Envelope {EnvelopeId} from {Sender} routed: {Delivered} delivered, {Withheld} withheld")]
    public static partial void EnvelopeRouted(this ILogger logger, string envelopeId, string sender, int delivered, int withheld);

    [LoggerMessage(EventId = 2002, EventName = "RecipientWithheld", Level = LogLevel.Information,
        Message = "Envelope {EnvelopeId} withheld from {Recipient}: {Code} ({Rule})")]
    public static partial void RecipientWithheld(this ILogger logger, string envelopeId, string recipient, string code, string rule);

    [LoggerMessage(EventId = 2010, EventName = "IngressRejected", Level = LogLevel.Warning,
        Message = "Ingress message rejected: {Code} ({Reason}); user {UserId}, envelope {EnvelopeId}, {Bytes} bytes, delivery {DeliveryTag}")]
    public static partial void IngressRejected(this ILogger logger, string code, string reason, string? userId, string? envelopeId, int bytes, ulong deliveryTag);

    [LoggerMessage(EventId = 2011, EventName = "DuplicateRedelivery", Level = LogLevel.Information,
        Message = "Envelope {EnvelopeId} was already routed; redelivery acked without routing again")]
    public static partial void DuplicateRedelivery(this ILogger logger, string envelopeId);

    [LoggerMessage(EventId = 2013, EventName = "ClaimCompletionFailed", Level = LogLevel.Warning,
        Message = "Envelope {EnvelopeId} routed but its claim not marked completed; a redelivery would route it again")]
    public static partial void ClaimCompletionFailed(this ILogger logger, string envelopeId, Exception exception);

    [LoggerMessage(EventId = 2012, EventName = "ReceiptUndeliverable", Level = LogLevel.Warning,
        Message = "Receipt {ReceiptId} for {Sender} is unroutable (no delivery queue)")]
    public static partial void ReceiptUndeliverable(this ILogger logger, string receiptId, string sender);

    [LoggerMessage(EventId = 2020, EventName = "RegistryLoaded", Level = LogLevel.Information,
        Message = "Trust registry version {Version} in force ({Agencies} agencies)")]
    public static partial void RegistryLoaded(this ILogger logger, long version, int agencies);

    [LoggerMessage(EventId = 2021, EventName = "RegistryRejected", Level = LogLevel.Error,
        Message = "Trust registry file refused: {Reason}; the previous version stays in force")]
    public static partial void RegistryRejected(this ILogger logger, string reason);

    [LoggerMessage(EventId = 2022, EventName = "RegistryRollbackRefused", Level = LogLevel.Error,
        Message = "Trust registry version {Offered} is older than {Current}; refused")]
    public static partial void RegistryRollbackRefused(this ILogger logger, long offered, long current);

    [LoggerMessage(EventId = 2030, EventName = "EnvelopeClaimsPurged", Level = LogLevel.Debug,
        Message = "Envelope claims: purged {Count} expired ids")]
    public static partial void EnvelopeClaimsPurged(this ILogger logger, int count);

    [LoggerMessage(EventId = 2031, EventName = "EnvelopeClaimsPurgeFailed", Level = LogLevel.Warning,
        Message = "Envelope claims purge failed; retried at the next interval")]
    public static partial void EnvelopeClaimsPurgeFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2050, EventName = "AuditLogStarted", Level = LogLevel.Information,
        Message = "Audit log open: {Entries} entries, sequencer {Mode}")]
    public static partial void AuditLogStarted(this ILogger logger, long entries, string mode);

    [LoggerMessage(EventId = 2051, EventName = "AuditTreeHeadFailed", Level = LogLevel.Error,
        Message = "Scheduled signed tree head failed; retried at the next interval")]
    public static partial void AuditTreeHeadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2052, EventName = "AuditRecordFailed", Level = LogLevel.Error,
        Message = "Recording {What} in the audit log failed")]
    public static partial void AuditRecordFailed(this ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 2060, EventName = "AuditorRequestRefused", Level = LogLevel.Warning,
        Message = "Auditor API request to {Path} refused: {Reason}")]
    public static partial void AuditorRequestRefused(this ILogger logger, string path, string reason);
}
