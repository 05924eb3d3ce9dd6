using System.Text.Json.Nodes;
using Broker.Protocol.Envelopes;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Broker.IntegrationTests.Gateway;

/// <summary>The hub's side of the sandbox as <c>hub-core</c>: reads the senders' <c>hub.ingress.ID</c> queues, publishes to <c>hub.delivery</c>.</summary>
internal sealed class HubSide : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel? _reader;

    private HubSide(IConnection connection, IChannel publisher, IChannel? reader, MessageCollector? ingress)
    {
        _connection = connection;
        _publisher = publisher;
        _reader = reader;
        Ingress = ingress;
    }

    private static readonly string[] SandboxIngressQueues = ["hub.ingress.TH-ONCB", "hub.ingress.RU-MVD", "hub.ingress.MY-PDRM"];

    public MessageCollector? Ingress { get; }

    public static async Task<HubSide> ConnectAsync(bool readIngress, CancellationToken cancellationToken)
    {
        var connection = await RabbitMqConnections.ForPassword("hub-core", GatewaySetUp.Sandbox.Hub).CreateConnectionAsync(cancellationToken);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
        IChannel? reader = null;
        MessageCollector? ingress = null;
        if (readIngress)
        {
            reader = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            // One ingress queue per sender (protocols/amqp.md §3.5): read those of the sandbox's agencies.
            ingress = await MessageCollector.StartAsync(reader, SandboxIngressQueues, cancellationToken);
        }

        return new HubSide(connection, publisher, reader, ingress);
    }

    /// <summary>Delivers an envelope to an agency's queue as the core does.</summary>
    public async Task DeliverAsync(string agency, byte[] envelope, string messageId, CancellationToken cancellationToken) =>
        await _publisher.BasicPublishAsync(
            "hub.delivery", agency, mandatory: true,
            new BasicProperties
            {
                ContentType = "application/vnd.broker.envelope+cbor",
                Type = "broker.envelope.v1",
                MessageId = messageId,
                UserId = "hub-core",
                DeliveryMode = DeliveryModes.Persistent,
            },
            envelope, cancellationToken);

    /// <summary>The alert id inside an ingress envelope, opened with <paramref name="recipient"/>'s keys; null when it does not open.</summary>
    public static Guid? AlertIdFor(ReceivedMessage message, string recipient)
    {
        if (!Envelope.TryOpen(message.Body, GatewaySetUp.Network.Keys[recipient], GatewaySetUp.Network.Registry, DateTimeOffset.UtcNow, out var opened, out _))
        {
            return null;
        }

        return Guid.TryParse(JsonNode.Parse(opened.Plaintext)?["id"]?.GetValue<string>(), out var id) ? id : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}
