using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broker.Hosting.Rabbit;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// An agency system reading its <c>agency.inbox</c> as <c>ID.system</c>: counts each delivered alert by alert id, and the
/// copies the gateway flagged <c>x-possible-duplicate</c> (a republish after a crash, same message id) apart.
/// </summary>
internal sealed class InboxTally : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _plain = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _flagged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _messageIds = new(StringComparer.Ordinal);
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private int _messageIdMismatches;

    private InboxTally(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>Distinct alerts delivered.</summary>
    public int Distinct => _plain.Count + _flagged.Keys.Count(k => !_plain.ContainsKey(k));

    /// <summary>Unflagged copies per alert id.</summary>
    public IReadOnlyDictionary<string, int> Plain => _plain;

    /// <summary>Copies flagged as possible duplicates, per alert id.</summary>
    public IReadOnlyDictionary<string, int> Flagged => _flagged;

    /// <summary>Copies of one alert that came with a different message id than its first copy (the agency could not drop them by id).</summary>
    public int MessageIdMismatches => _messageIdMismatches;

    public static async Task<InboxTally> StartAsync(string agency, string vhost, RabbitMqEnvironment environment, CancellationToken cancellationToken)
    {
        var connection = await RabbitMqConnections.ForPassword(AgencyNames.SystemUser(agency), vhost, environment: environment).CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var tally = new InboxTally(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            tally.Count(delivery);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, delivery.CancellationToken);
        };
        await channel.BasicQosAsync(0, 200, false, cancellationToken);
        await channel.BasicConsumeAsync(AgencyNames.InboxQueue, autoAck: false, consumer, cancellationToken);
        return tally;
    }

    private void Count(BasicDeliverEventArgs delivery)
    {
        if (delivery.RoutingKey != "alert.delivered")
        {
            return;
        }

        var alertId = JsonNode.Parse(delivery.Body.Span)?["alert"]?["id"]?.GetValue<string>() ?? "?";
        var flagged = delivery.BasicProperties.Headers?.ContainsKey("x-possible-duplicate") == true;
        (flagged ? _flagged : _plain).AddOrUpdate(alertId, 1, (_, n) => n + 1);
        var messageId = delivery.BasicProperties.MessageId ?? "";
        if (_messageIds.GetOrAdd(alertId, messageId) != messageId)
        {
            Interlocked.Increment(ref _messageIdMismatches);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
