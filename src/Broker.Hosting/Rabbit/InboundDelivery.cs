using System.Text;
using RabbitMQ.Client;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// One message taken from a queue. <see cref="Body"/> is only valid until the handler returns (the client reuses the buffer),
/// so anything kept longer must be copied.
/// </summary>
public sealed class InboundDelivery
{
    public required ulong DeliveryTag { get; init; }
    public required bool Redelivered { get; init; }
    public required string Exchange { get; init; }
    public required string RoutingKey { get; init; }
    public required ReadOnlyMemory<byte> Body { get; init; }
    public string? UserId { get; init; }
    public string? Type { get; init; }
    public string? MessageId { get; init; }
    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public string? CorrelationId { get; init; }
    public IReadOnlyDictionary<string, object?>? Headers { get; init; }

    public static InboundDelivery From(ulong deliveryTag, bool redelivered, string exchange, string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new InboundDelivery
        {
            DeliveryTag = deliveryTag,
            Redelivered = redelivered,
            Exchange = exchange,
            RoutingKey = routingKey,
            Body = body,
            UserId = properties.IsUserIdPresent() ? properties.UserId : null,
            Type = properties.IsTypePresent() ? properties.Type : null,
            MessageId = properties.IsMessageIdPresent() ? properties.MessageId : null,
            ContentType = properties.IsContentTypePresent() ? properties.ContentType : null,
            ContentEncoding = properties.IsContentEncodingPresent() ? properties.ContentEncoding : null,
            CorrelationId = properties.IsCorrelationIdPresent() ? properties.CorrelationId : null,
            Headers = properties.Headers is null ? null : new Dictionary<string, object?>(properties.Headers),
        };
    }

    /// <summary>A header as text (AMQP long strings arrive as bytes).</summary>
    public string? GetHeader(string name) => Headers is not null && Headers.TryGetValue(name, out var value)
        ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
        : null;
}

/// <summary>What to tell the broker about a delivery once the handler is done.</summary>
public enum DeliveryDisposition
{
    /// <summary>Every effect is durable: remove the message.</summary>
    Ack,

    /// <summary>A transient failure: put the message back for another attempt (counts against the queue's delivery limit).</summary>
    Requeue,
}
