using Microsoft.Extensions.Logging;

namespace Broker.Hosting;

/// <summary>Log messages of the shared host plumbing (EventIds 6000-6099; Broker.Hosting is used by the core and the gateways).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, EventName = "RabbitConnected", Level = LogLevel.Information,
        Message = "AMQP connection {Connection} open to {Host}:{Port} vhost {VirtualHost} ({Mechanism})")]
    public static partial void Connected(this ILogger logger, string connection, string host, int port, string virtualHost, string mechanism);

    [LoggerMessage(EventId = 6001, EventName = "RabbitConnectionShutdown", Level = LogLevel.Warning,
        Message = "AMQP connection {Connection} shut down: code {ReplyCode} by {Initiator}")]
    public static partial void ConnectionShutdown(this ILogger logger, string connection, ushort replyCode, string initiator);

    [LoggerMessage(EventId = 6002, EventName = "RabbitConnectionRecovered", Level = LogLevel.Information,
        Message = "AMQP connection {Connection} recovered")]
    public static partial void ConnectionRecovered(this ILogger logger, string connection);

    [LoggerMessage(EventId = 6010, EventName = "PublisherChannelReplaced", Level = LogLevel.Warning,
        Message = "Publisher channel on {Connection} closed ({ReplyCode}); a new one is opened on the next publish")]
    public static partial void PublisherChannelClosed(this ILogger logger, string connection, ushort replyCode);

    [LoggerMessage(EventId = 6020, EventName = "ConsumerStarted", Level = LogLevel.Information,
        Message = "Consuming {Queue} (prefetch {Prefetch}, concurrency {Concurrency})")]
    public static partial void ConsumerStarted(this ILogger logger, string queue, ushort prefetch, ushort concurrency);

    [LoggerMessage(EventId = 6021, EventName = "ConsumerStopped", Level = LogLevel.Warning,
        Message = "Consumer of {Queue} stopped; restarting in {DelayMs} ms")]
    public static partial void ConsumerStopped(this ILogger logger, string queue, Exception? exception, int delayMs);

    [LoggerMessage(EventId = 6022, EventName = "DeliveryHandlerFailed", Level = LogLevel.Error,
        Message = "Handler for delivery {DeliveryTag} on {Queue} failed; the message is requeued")]
    public static partial void HandlerFailed(this ILogger logger, ulong deliveryTag, string queue, Exception exception);

    [LoggerMessage(EventId = 6023, EventName = "AckFailed", Level = LogLevel.Warning,
        Message = "Ack of delivery {DeliveryTag} on {Queue} failed; the broker will redeliver it")]
    public static partial void AckFailed(this ILogger logger, ulong deliveryTag, string queue, Exception exception);

    [LoggerMessage(EventId = 6024, EventName = "ConsumerQueuesMissing", Level = LogLevel.Warning,
        Message = "Consumer of {Consumer} skips {Queues}: the queue does not exist; checked again every {RescanSeconds} s")]
    public static partial void ConsumerQueuesMissing(this ILogger logger, string consumer, string queues, int rescanSeconds);

    [LoggerMessage(EventId = 6025, EventName = "ConsumerQueueAppeared", Level = LogLevel.Information,
        Message = "Consumer of {Consumer} now consumes {Queue}, which exists again")]
    public static partial void ConsumerQueueAppeared(this ILogger logger, string consumer, string queue);

    [LoggerMessage(EventId = 6030, EventName = "HealthCheckFailing", Level = LogLevel.Warning,
        Message = "Health check {Check} is {Status}: {Description}")]
    public static partial void HealthCheckFailing(this ILogger logger, string check, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus status, string description, Exception? exception);

    [LoggerMessage(EventId = 6031, EventName = "HealthCheckRecovered", Level = LogLevel.Information,
        Message = "Health check {Check} is Healthy again (was {Previous})")]
    public static partial void HealthCheckRecovered(this ILogger logger, string check, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus previous);
}
