namespace Broker.Gateway;

/// <summary>The receiving side's quarantine and "not delivered" receipts (EventIds 1045–1049): ids and reason codes only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1045, EventName = "ViewQuarantined", Level = LogLevel.Error,
        Message = "Envelope {EnvelopeId} from {Sender} (kind {Kind}) quarantined: {Code}. Not delivered; the sender is told")]
    public static partial void ViewQuarantined(this ILogger logger, string envelopeId, string sender, string kind, string code);

    [LoggerMessage(EventId = 1046, EventName = "NotDeliveredReceiptQueued", Level = LogLevel.Warning,
        Message = "Not-delivered receipt for envelope {EnvelopeId} queued to {Sender}: {Code}")]
    public static partial void NotDeliveredReceiptQueued(this ILogger logger, string envelopeId, string sender, string code);
}
