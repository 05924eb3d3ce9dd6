using System.Threading.Channels;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Cli.Agency;

/// <summary>
/// Consumes <c>agency.inbox</c> with manual acknowledgement. A message is acknowledged only when the caller says it was
/// handled; the rest stay unacknowledged and go back to the inbox when the reader closes, so nothing is taken from the
/// agency system that the caller did not show.
/// </summary>
internal sealed class InboxReader : IAsyncDisposable
{
    public const string Queue = AgencyNames.InboxQueue;

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly Channel<(InboxMessage Message, ulong Tag)> _arrivals = Channel.CreateUnbounded<(InboxMessage, ulong)>();

    private InboxReader(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<InboxReader> OpenAsync(AgencyConnection target, CancellationToken cancellationToken)
    {
        var connection = await target.OpenAsync("inbox", cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var reader = new InboxReader(connection, channel);
        await channel.BasicQosAsync(0, 100, false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, args) => reader._arrivals.Writer.WriteAsync((InboxMessage.From(args), args.DeliveryTag)).AsTask();
        await channel.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken);
        return reader;
    }

    /// <summary>The next message, or null when the deadline passes first.</summary>
    public async Task<(InboxMessage Message, ulong Tag)?> NextAsync(DateTimeOffset deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = deadline - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await _arrivals.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task AckAsync(ulong tag, CancellationToken cancellationToken) => _channel.BasicAckAsync(tag, false, cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
