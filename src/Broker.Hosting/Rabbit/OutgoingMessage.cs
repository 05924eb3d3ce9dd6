namespace Broker.Hosting.Rabbit;

/// <summary>One persistent message to publish with a confirm. <see cref="UserId"/> is validated by RabbitMQ against the connection's user.</summary>
public sealed record OutgoingMessage
{
    public required string Exchange { get; init; }
    public required string RoutingKey { get; init; }
    public required ReadOnlyMemory<byte> Body { get; init; }
    public string? ContentType { get; init; }
    public string? Type { get; init; }
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public string? UserId { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Unroutable messages come back as <see cref="PublishOutcome.Unroutable"/> instead of vanishing.</summary>
    public bool Mandatory { get; init; } = true;
}

/// <summary>What the broker said about a publish.</summary>
public enum PublishOutcome
{
    /// <summary>Confirmed: the broker has taken responsibility (persisted to the queues it routed to).</summary>
    Confirmed,

    /// <summary>No queue is bound for the routing key (mandatory publish returned).</summary>
    Unroutable,
}

/// <summary>Publishes with publisher confirms; transient failures are retried, so a returned outcome is final.</summary>
public interface IConfirmedPublisher
{
    ValueTask<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default);
}
