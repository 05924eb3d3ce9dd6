using System.Collections.Concurrent;
using Broker.Hosting.Rabbit;

namespace Broker.Testing.Fakes;

/// <summary>
/// A confirmed publisher that records what it is given (a copy of each body, in order) and answers <see cref="Outcome"/>;
/// routing keys in <see cref="Unroutable"/> come back unroutable; while <see cref="FailWith"/> is set (or <see cref="Down"/>)
/// every publish throws, as an unreachable broker would.
/// </summary>
public sealed class FakePublisher : IConfirmedPublisher
{
    private readonly ConcurrentQueue<OutgoingMessage> _messages = new();

    public PublishOutcome Outcome { get; set; } = PublishOutcome.Confirmed;

    public HashSet<string> Unroutable { get; } = [];

    public Exception? FailWith { get; set; }

    /// <summary>The broker is unreachable: every publish throws an <see cref="IOException"/>.</summary>
    public bool Down
    {
        get => FailWith is not null;
        set => FailWith = value ? new IOException("broker unreachable (test)") : null;
    }

    /// <summary>How many of the next publishes throw as an unreachable broker would, before publishing works again.</summary>
    public int FailuresLeft { get; set; }

    /// <summary>Everything published so far, in order (a snapshot).</summary>
    public IReadOnlyList<OutgoingMessage> Messages => [.. _messages];

    public ValueTask<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (FailWith is not null)
        {
            throw FailWith;
        }

        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new IOException("broker unreachable (test)");
        }

        if (Unroutable.Contains(message.RoutingKey))
        {
            return ValueTask.FromResult(PublishOutcome.Unroutable);
        }

        _messages.Enqueue(message with { Body = message.Body.ToArray() });
        return ValueTask.FromResult(Outcome);
    }

    /// <summary>What went to <paramref name="exchange"/>, optionally only with this routing key and message type.</summary>
    public IReadOnlyList<OutgoingMessage> To(string exchange, string? routingKey = null, string? type = null) =>
        Messages.Where(m => m.Exchange == exchange && (routingKey is null || m.RoutingKey == routingKey) && (type is null || m.Type == type)).ToList();
}
