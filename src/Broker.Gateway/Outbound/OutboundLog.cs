namespace Broker.Gateway;

/// <summary>The outbound consumer's failure classification and progress (protocols/amqp.md §2.7).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1150, EventName = "OutboundMessageUnprocessable", Level = LogLevel.Error,
        Message = "Outbound message {MessageId} ({Bytes} bytes) failed the gateway with {ExceptionType}: refused for good, not retried")]
    public static partial void OutboundMessageUnprocessable(this ILogger logger, string? messageId, int bytes, string exceptionType);

    [LoggerMessage(EventId = 1151, EventName = "OutboundRetriesExhausted", Level = LogLevel.Error,
        Message = "Outbound message {MessageId} failed on delivery {Attempt} with {ExceptionType}: retries exhausted, refused")]
    public static partial void OutboundRetriesExhausted(this ILogger logger, string? messageId, int attempt, string exceptionType);

    [LoggerMessage(EventId = 1152, EventName = "OutboundAttemptFailed", Level = LogLevel.Warning,
        Message = "Outbound message {MessageId} failed on delivery {Attempt} of {MaxAttempts} with {ExceptionType}; requeued")]
    public static partial void OutboundAttemptFailed(this ILogger logger, string? messageId, int attempt, int maxAttempts, string exceptionType);
}
