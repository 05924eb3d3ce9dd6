using System.Text.Json.Nodes;
using Broker.Hosting.Rabbit;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Broker.IntegrationTests.Gateway;

/// <summary>An agency's own system: publishes plain alerts to <c>agency.outbound</c> and reads <c>agency.inbox</c>, as <c>ID.system</c>.</summary>
internal sealed class AgencySystem : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel _reader;

    private AgencySystem(IConnection connection, IChannel publisher, IChannel reader, MessageCollector inbox)
    {
        _connection = connection;
        _publisher = publisher;
        _reader = reader;
        Inbox = inbox;
    }

    public MessageCollector Inbox { get; }

    public static async Task<AgencySystem> ConnectAsync(string agency, CancellationToken cancellationToken)
    {
        var connection = await RabbitMqConnections.ForPassword(AgencyNames.SystemUser(agency), GatewaySetUp.Sandbox.Agency(agency)).CreateConnectionAsync(cancellationToken);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var reader = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var inbox = await MessageCollector.StartAsync(reader, AgencyNames.InboxQueue, cancellationToken: cancellationToken);
        return new AgencySystem(connection, publisher, reader, inbox);
    }

    public async Task PublishAsync(byte[] body, string messageId, CancellationToken cancellationToken) =>
        await PublishAsync(body, messageId, null, cancellationToken);

    /// <summary>Publishes with AMQP headers, e.g. <c>x-dry-run: true</c>.</summary>
    public async Task PublishAsync(byte[] body, string messageId, IDictionary<string, object?>? headers, CancellationToken cancellationToken) =>
        await _publisher.BasicPublishAsync(
            AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true,
            new BasicProperties { ContentType = "application/json", MessageId = messageId, DeliveryMode = DeliveryModes.Persistent, Headers = headers }, body, cancellationToken);

    /// <summary>A fresh copy of a demo alert: new id, created now, expiring in a week, optionally re-addressed.</summary>
    public static (Guid Id, byte[] Json) NewAlert(string sample = "th-oncb-meth-shipment.json", JsonObject? addressing = null)
    {
        var node = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "deploy", "demo", "alerts", sample)))!;
        var id = Guid.NewGuid();
        node["id"] = id.ToString("D");
        node["created"] = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        node["expires"] = DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        node.Remove("requestedAction");
        if (addressing is not null)
        {
            node["addressing"] = addressing;
        }

        return (id, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));
    }

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _reader.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
