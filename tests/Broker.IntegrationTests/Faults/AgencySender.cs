using System.Text.Json.Nodes;
using Broker.Hosting.Rabbit;
using Broker.IntegrationTests.Gateway;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Broker.IntegrationTests.Faults;

/// <summary>TH-ONCB's own system publishing plain alerts to <c>agency.outbound</c> with publisher confirms.</summary>
internal static class AgencySender
{
    /// <summary>Publishes <paramref name="count"/> fresh alerts addressed to RU-MVD, MY-PDRM and SG-CNB; returns their alert ids.</summary>
    public static async Task<IReadOnlyList<string>> PublishAsync(
        string agency, string vhost, RabbitMqEnvironment environment, int count, CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ForPassword(AgencyNames.SystemUser(agency), vhost, environment: environment).CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var ids = new List<string>(count);
        var pending = new List<Task>(64);
        for (var i = 0; i < count; i++)
        {
            var (id, json) = AgencySystem.NewAlert(addressing: new JsonObject { ["agencies"] = new JsonArray("RU-MVD", "MY-PDRM", "SG-CNB") });
            ids.Add(id.ToString("D"));
            var properties = new BasicProperties { ContentType = "application/json", MessageId = "m-" + id, DeliveryMode = DeliveryModes.Persistent };
            pending.Add(channel.BasicPublishAsync(AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true, properties, json, cancellationToken).AsTask());
            if (pending.Count == 64 || i == count - 1)
            {
                await Task.WhenAll(pending);

                pending.Clear();
            }
        }

        return ids;
    }
}
