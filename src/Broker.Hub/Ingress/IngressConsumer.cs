using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Consumes hub.ingress over RabbitMQ.Client (manual acks, user_id visible) with <see cref="RoutingOptions.Concurrency"/>
/// messages routed in parallel, each acked on its own once <see cref="IngressRouter"/> says its effects are durable.
/// Competing consumers in other hub instances share the queue.
/// </summary>
internal sealed class IngressConsumer(
    [FromKeyedServices(HubServiceNames.HubConnection)] RabbitConnectionProvider connections,
    IngressRouter router,
    IOptions<RoutingOptions> options,
    ILogger<IngressConsumer> logger)
    : RabbitConsumerLoop(connections, logger)
{
    protected override string QueueName => options.Value.IngressQueue;

    protected override ushort Prefetch => (ushort)Math.Min(options.Value.Prefetch, ushort.MaxValue);

    protected override ushort Concurrency => (ushort)options.Value.Concurrency;

    protected override Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
        router.RouteAsync(delivery, cancellationToken);
}

internal static class HubServiceNames
{
    /// <summary>The contract-facing connection to vhost <c>hub</c> as user hub-core (section <c>Rabbit</c>).</summary>
    public const string HubConnection = "hub";
}
