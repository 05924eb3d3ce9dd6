using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Hosting.Rabbit;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Broker.Web.Tests.Browser.Stack;

/// <summary>An agency's own system publishing plain alerts to <c>agency.outbound</c> as <c>ID.system</c>, with confirms.</summary>
internal sealed class AgencySystem : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private AgencySystem(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<AgencySystem> ConnectAsync(string agency, CancellationToken cancellationToken)
    {
        var connection = await RabbitMqConnections.ForPassword(AgencyNames.SystemUser(agency), StackSetUp.Sandbox.Agency(agency)).CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        return new AgencySystem(connection, channel);
    }

    /// <summary>Publishes a fresh copy of the TH-ONCB demo alert, changed by <paramref name="edit"/>; returns its id.</summary>
    public async Task<string> PublishAsync(Action<JsonObject> edit, CancellationToken cancellationToken)
    {
        var node = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "deploy", "demo", "alerts", "th-oncb-meth-shipment.json")))!;
        var id = Guid.NewGuid().ToString("D");
        node["id"] = id;
        node["created"] = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        node["expires"] = DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        node.Remove("requestedAction");
        node["addressing"] = new JsonObject { ["agencies"] = new JsonArray("RU-MVD") };
        edit(node);
        await _channel.BasicPublishAsync(
            AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true,
            new BasicProperties { ContentType = "application/json", MessageId = "m-" + id, DeliveryMode = DeliveryModes.Persistent },
            System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), cancellationToken);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
