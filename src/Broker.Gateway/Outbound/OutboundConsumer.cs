using Broker.Gateway.Options;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>Consumes <c>gateway.outbound</c> with manual acks and hands each message to <see cref="OutboundHandler"/>.</summary>
internal sealed class OutboundConsumer(
    [FromKeyedServices(AgencyTopology.AgencyConnection)] RabbitConnectionProvider connections,
    IOptions<GatewayOptions> options,
    OutboundHandler handler,
    ILogger<OutboundConsumer> logger) : RabbitConsumerLoop(connections, logger)
{
    protected override string QueueName => AgencyNames.OutboundQueue;

    protected override ushort Prefetch => options.Value.Prefetch;

    protected override ushort Concurrency => options.Value.Concurrency;

    protected override Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
        handler.HandleAsync(delivery, cancellationToken);
}
