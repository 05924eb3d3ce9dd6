using System.Collections.Concurrent;
using Broker.Hosting.Rabbit;

namespace Broker.Hub.Tests.Support;

/// <summary>Records what would be published; routing keys in <see cref="Unroutable"/> come back unroutable; <see cref="FailWith"/> makes every publish throw.</summary>
internal sealed class FakePublisher : IConfirmedPublisher
{
    public ConcurrentQueue<OutgoingMessage> Published { get; } = new();
    public HashSet<string> Unroutable { get; } = [];
    public Exception? FailWith { get; set; }

    public ValueTask<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        if (Unroutable.Contains(message.RoutingKey))
        {
            return ValueTask.FromResult(PublishOutcome.Unroutable);
        }

        Published.Enqueue(message with { Body = message.Body.ToArray() });
        return ValueTask.FromResult(PublishOutcome.Confirmed);
    }

    public IReadOnlyList<OutgoingMessage> To(string exchange, string? routingKey = null, string? type = null) =>
        Published.Where(m => m.Exchange == exchange && (routingKey is null || m.RoutingKey == routingKey) && (type is null || m.Type == type)).ToList();
}
