using System.Text;
using Microsoft.Extensions.Logging;
using Polly;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// Publishes on one confirm-tracking channel (RabbitMQ.Client 7: the awaited publish completes when the broker acks,
/// throws on a nack or a mandatory return). Concurrent publishes share the channel; a closed channel is replaced.
/// </summary>
public sealed class ConfirmedPublisher : IConfirmedPublisher, IAsyncDisposable
{
    private readonly RabbitConnectionProvider _connections;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public ConfirmedPublisher(RabbitConnectionProvider connections, ResiliencePipeline pipeline, TimeProvider time, ILogger<ConfirmedPublisher> logger)
    {
        _connections = connections;
        _pipeline = pipeline;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await _pipeline.ExecuteAsync(static (state, ct) => state.Self.PublishOnceAsync(state.Message, ct), (Self: this, Message: message), cancellationToken)
                .ConfigureAwait(false);
            return PublishOutcome.Confirmed;
        }
        catch (PublishReturnException)
        {
            return PublishOutcome.Unroutable;
        }
    }

    private async ValueTask PublishOnceAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(cancellationToken).ConfigureAwait(false);
        var properties = new BasicProperties
        {
            ContentType = message.ContentType,
            Type = message.Type,
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            UserId = message.UserId,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(_time.GetUtcNow().ToUnixTimeSeconds()),
        };
        if (message.Headers is { Count: > 0 })
        {
            properties.Headers = message.Headers.ToDictionary(static h => h.Key, static h => (object?)Encoding.UTF8.GetBytes(h.Value));
        }

        try
        {
            await channel.BasicPublishAsync(message.Exchange, message.RoutingKey, message.Mandatory, properties, message.Body, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not PublishReturnException)
        {
            // Any other failure (closed channel, timeout, nack) leaves the channel suspect: a channel of a connection the
            // provider has since replaced can still say IsOpen, and after automatic recovery a channel can keep waiting
            // for confirms of sequence numbers the new broker connection never saw, so every publish would run into the
            // attempt timeout until the breaker opens for good. Drop it; the retry opens a fresh one. A returned message
            // says nothing about the channel and keeps it.
            await DropAsync(channel).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask DropAsync(IChannel channel)
    {
        if (Interlocked.CompareExchange(ref _channel, null, channel) != channel)
        {
            return; // another publish dropped it already
        }

        _logger.PublisherChannelClosed(_connections.Name, channel.CloseReason?.ReplyCode ?? 0);
        try
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RabbitMQClientException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Disposing a channel of a dead connection may fail; it is gone either way.
        }
    }

    private async ValueTask<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        var current = _channel;
        if (current is { IsOpen: true })
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_channel is { IsOpen: true })
            {
                return _channel;
            }

            if (_channel is not null)
            {
                // Forget the dead channel before anything can throw: if the broker is still down, the next attempt must
                // not touch the disposed channel again (that threw ObjectDisposedException forever after an outage).
                var closed = _channel;
                _channel = null;
                _logger.PublisherChannelClosed(_connections.Name, closed.CloseReason?.ReplyCode ?? 0);
                await closed.DisposeAsync().ConfigureAwait(false);
            }

            var connection = await _connections.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            _channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken).ConfigureAwait(false);
            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
            _channel = null;
        }

        _gate.Dispose();
    }
}
