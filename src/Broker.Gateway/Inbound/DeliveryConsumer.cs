using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Inbound;

/// <summary>Consumes <c>deliver.&lt;ID&gt;</c> on the hub with manual acks and hands each message to <see cref="DeliveryHandler"/>.</summary>
internal sealed class DeliveryConsumer(
    [FromKeyedServices(AgencyTopology.HubConnection)] RabbitConnectionProvider connections,
    IOptions<GatewayOptions> options,
    DeliveryHandler handler,
    ILogger<DeliveryConsumer> logger) : RabbitConsumerLoop(connections, logger)
{
    protected override string QueueName => AgencyTopology.DeliveryQueue(options.Value.Agency);

    protected override ushort Prefetch => options.Value.Prefetch;

    protected override ushort Concurrency => options.Value.Concurrency;

    protected override Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
        handler.HandleAsync(delivery, cancellationToken);
}
