using System.Text;
using RabbitMQ.Client;

namespace Broker.Testing.RabbitMq;

/// <summary>A delivered message copied out of the client's buffers (they are only valid inside the handler).</summary>
public sealed record ReceivedMessage
{
    public required string Exchange { get; init; }
    public required string RoutingKey { get; init; }
    public required bool Redelivered { get; init; }
    public required byte[] Body { get; init; }
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public string? UserId { get; init; }
    public string? Type { get; init; }
    public string? ContentType { get; init; }
    public bool Persistent { get; init; }
    public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();

    public static ReceivedMessage From(string exchange, string routingKey, bool redelivered, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new ReceivedMessage
        {
            Exchange = exchange,
            RoutingKey = routingKey,
            Redelivered = redelivered,
            Body = body.ToArray(),
            MessageId = properties.MessageId,
            CorrelationId = properties.CorrelationId,
            UserId = properties.UserId,
            Type = properties.Type,
            ContentType = properties.ContentType,
            Persistent = properties.Persistent,
            Headers = properties.Headers is null
                ? new Dictionary<string, object?>()
                : new Dictionary<string, object?>(properties.Headers, StringComparer.Ordinal),
        };
    }

    /// <summary>A string header (AMQP sends strings as bytes).</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? AsText(value) : null;

    public static string? AsText(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
