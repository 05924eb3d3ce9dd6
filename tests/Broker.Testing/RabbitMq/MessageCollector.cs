using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Testing.RabbitMq;

/// <summary>Consumes a queue (acknowledging each message) and lets a test wait for a message that matches.</summary>
public sealed class MessageCollector
{
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly List<MessageCollector> _sources = [];

    private MessageCollector()
    {
    }

    /// <summary>What has arrived (from every queue, for a collector over several).</summary>
    public IReadOnlyCollection<ReceivedMessage> Messages => _sources.Count == 0 ? _messages : [.. _sources.SelectMany(static s => s.Messages)];

    /// <summary>
    /// Starts consuming <paramref name="queue"/> on <paramref name="channel"/>. Streams need
    /// <paramref name="arguments"/> such as <c>x-stream-offset</c>; a prefetch is set because streams require one.
    /// </summary>
    public static async Task<MessageCollector> StartAsync(
        IChannel channel, string queue, IDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var collector = new MessageCollector();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            collector._messages.Enqueue(ReceivedMessage.From(delivery.Exchange, delivery.RoutingKey, delivery.Redelivered, delivery.BasicProperties, delivery.Body));
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, delivery.CancellationToken);
        };
        await channel.BasicQosAsync(0, 100, false, cancellationToken);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false, arguments, consumer, cancellationToken);
        return collector;
    }

    /// <summary>Starts consuming every one of <paramref name="queues"/> on <paramref name="channel"/> into one collector (e.g. the per-sender <c>hub.ingress.ID</c> queues).</summary>
    public static async Task<MessageCollector> StartAsync(IChannel channel, IEnumerable<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var collector = new MessageCollector();
        foreach (var queue in queues)
        {
            var one = await StartAsync(channel, queue, cancellationToken: cancellationToken);
            collector._sources.Add(one);
        }

        return collector;
    }

    /// <summary>Waits until a message matching <paramref name="match"/> has arrived and returns it.</summary>
    public async Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> match, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ReceivedMessage? found = null;
        await Eventually.WaitForAsync(() => (found = Messages.FirstOrDefault(match)) is not null, timeout, what, cancellationToken);
        return found!;
    }

    public Task<ReceivedMessage> WaitForMessageIdAsync(string messageId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(m => m.MessageId == messageId, timeout, $"message {messageId}", cancellationToken);
}
