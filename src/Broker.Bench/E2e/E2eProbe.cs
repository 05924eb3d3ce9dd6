using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broker.Bench.World;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Broker.Bench.E2e;

/// <summary>
/// Watches the run from outside the services, with the timestamps each stage already records: the envelope's <c>created</c>
/// (the sending gateway, at sealing), the ingress archive stream (the envelope reached the hub's ingress), the routing
/// receipt's <c>issuedAt</c> (the hub), the delivered alert's <c>verifiedAt</c> (the recipient gateway), and the arrival on
/// each recipient's <c>agency.inbox</c>. Times are Unix milliseconds on this machine's clock.
/// </summary>
internal sealed class E2eProbe : IStageTimes, IAsyncDisposable
{
    private readonly List<IConnection> _connections = [];
    private readonly ConcurrentDictionary<string, long> _ingress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _routed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<DeliveredCopy>> _copies = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    private E2eProbe(TimeProvider time) => _time = time;

    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public static async Task<E2eProbe> StartAsync(NodeSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var probe = new E2eProbe(time);
        foreach (var recipient in BenchRoute.Recipients)
        {
            await probe.ConsumeAsync(await E2eQueues.SystemAsync(settings, recipient, cancellationToken), AgencyNames.InboxQueue, null,
                args => probe.OnDelivered(recipient, args), cancellationToken);
        }

        await probe.ConsumeAsync(await E2eQueues.SystemAsync(settings, BenchRoute.Sender, cancellationToken), AgencyNames.InboxQueue, null,
            probe.OnReceipt, cancellationToken);
        await probe.ConsumeAsync(await E2eQueues.ConnectAsync(settings, "auditor", settings.VirtualHost, cancellationToken), "hub.ingress.archive",
            new Dictionary<string, object?> { ["x-stream-offset"] = "next" }, probe.OnIngress, cancellationToken);
        return probe;
    }

    public IReadOnlyCollection<DeliveredCopy> CopiesOf(string alertId) => _copies.TryGetValue(alertId, out var copies) ? copies : [];

    public long? IngressAt(string envelopeId) => _ingress.TryGetValue(envelopeId, out var at) ? at : null;

    public long? RoutedAt(string envelopeId) => _routed.TryGetValue(envelopeId, out var at) ? at : null;

    /// <summary>Alerts of <paramref name="alertIds"/> that have reached every recipient.</summary>
    public int Complete(IEnumerable<string> alertIds) => alertIds.Count(id => CopiesOf(id).Select(c => c.Recipient).Distinct().Count() == BenchRoute.Recipients.Count);

    private async Task ConsumeAsync(
        IConnection connection, string queue, IDictionary<string, object?>? arguments, Action<BasicDeliverEventArgs> onMessage, CancellationToken cancellationToken)
    {
        _connections.Add(connection);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, 500, false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, args) =>
        {
            onMessage(args);
            await channel.BasicAckAsync(args.DeliveryTag, multiple: false, args.CancellationToken);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false, arguments, consumer, cancellationToken);
    }

    private void OnIngress(BasicDeliverEventArgs args)
    {
        if (args.BasicProperties.MessageId is { } id)
        {
            _ingress.TryAdd(id, Now);
        }
    }

    private void OnReceipt(BasicDeliverEventArgs args)
    {
        if (args.RoutingKey != AgencyNames.RoutingReceipt)
        {
            return;
        }

        var receipt = JsonNode.Parse(args.Body.Span);
        if (receipt?["envelopeId"]?.GetValue<string>() is { } envelopeId && receipt["issuedAt"] is { } issued)
        {
            _routed.TryAdd(envelopeId, issued.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        }
    }

    private void OnDelivered(string recipient, BasicDeliverEventArgs args)
    {
        var arrived = Now;
        if (args.RoutingKey != AgencyNames.Delivered || JsonNode.Parse(args.Body.Span) is not { } message)
        {
            return;
        }

        var broker = message["broker"]!;
        var copy = new DeliveredCopy(
            recipient,
            broker["envelopeId"]!.GetValue<string>(),
            broker["created"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds(),
            broker["verification"]!["verifiedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds(),
            arrived);
        _copies.GetOrAdd(message["alert"]!["id"]!.GetValue<string>(), _ => []).Add(copy);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
