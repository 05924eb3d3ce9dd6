using System.Text.Json.Nodes;
using Broker.Bench.World;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;

namespace Broker.Bench.E2e;

/// <summary>The demo alert (deploy/demo/alerts) re-dated and re-addressed for each send.</summary>
internal sealed class E2eAlerts(string templatePath)
{
    private readonly JsonObject _template = (JsonObject)JsonNode.Parse(File.ReadAllBytes(templatePath))!;

    public byte[] Fresh(Guid id)
    {
        var node = (JsonObject)_template.DeepClone();
        var now = TimeProvider.System.GetUtcNow();
        node["id"] = id.ToString("D");
        node["created"] = now.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        node["expires"] = now.AddDays(7).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        node.Remove("requestedAction");
        node["addressing"] = new JsonObject { ["agencies"] = new JsonArray([.. BenchRoute.Recipients.Select(r => (JsonNode?)JsonValue.Create(r))]) };
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Publishes as TH-ONCB.system with confirms, all at once (<paramref name="rate"/> 0) or paced; returns alert id -> send time.</summary>
    public async Task<Dictionary<string, long>> PublishAsync(NodeSettings settings, E2eProbe probe, int count, double rate, CancellationToken cancellationToken)
    {
        await using var connection = await E2eQueues.SystemAsync(settings, BenchRoute.Sender, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        var sent = new Dictionary<string, long>(count, StringComparer.Ordinal);
        var bodies = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).Select(id => (Id: id, Body: Fresh(id))).ToArray();
        var start = probe.Now;
        var pending = new List<Task>(64);
        for (var i = 0; i < bodies.Length; i++)
        {
            if (rate > 0 && start + (long)(i * 1000 / rate) - probe.Now is var wait and > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
            }

            var (id, body) = bodies[i];
            sent[id.ToString("D")] = probe.Now;
            var properties = new BasicProperties { ContentType = "application/json", MessageId = "bench-" + id.ToString("N"), DeliveryMode = DeliveryModes.Persistent };
            pending.Add(channel.BasicPublishAsync(AgencyNames.OutboundExchange, AgencyNames.AlertRoutingKey, mandatory: true, properties, body, cancellationToken).AsTask());
            if (pending.Count == 64 || rate > 0)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        return sent;
    }
}
