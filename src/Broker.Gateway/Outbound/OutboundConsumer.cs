using Broker.Gateway.Options;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Consumes <c>gateway.outbound</c> with manual acks and hands each message to <see cref="OutboundHandler"/>, telling
/// <see cref="OutboundProgress"/> whether the queue moved.
/// </summary>
internal sealed class OutboundConsumer(
    [FromKeyedServices(AgencyTopology.AgencyConnection)] RabbitConnectionProvider connections,
    IOptions<GatewayOptions> options,
    OutboundHandler handler,
    OutboundProgress progress,
    ILogger<OutboundConsumer> logger) : RabbitConsumerLoop(connections, logger)
{
    protected override string QueueName => AgencyNames.OutboundQueue;

    protected override ushort Prefetch => options.Value.Prefetch;

    protected override ushort Concurrency => options.Value.Concurrency;

    protected override async Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        var token = progress.Begin();
        var handled = false;
        try
        {
            var disposition = await handler.HandleAsync(delivery, cancellationToken).ConfigureAwait(false);
            handled = disposition == DeliveryDisposition.Ack;
            return disposition;
        }
        finally
        {
            progress.End(token, handled);
        }
    }
}
