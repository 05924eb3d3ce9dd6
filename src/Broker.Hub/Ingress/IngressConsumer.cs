using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Broker.Hub.Trust;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Consumes every sender's ingress queue (<c>hub.ingress.&lt;ID&gt;</c> for each agency of the trust registry in force when the
/// channel opens) over RabbitMQ.Client (manual acks, user_id visible), with <see cref="RoutingOptions.Concurrency"/> messages
/// routed in parallel, each acked on its own once <see cref="IngressRouter"/> says its effects are durable. Each queue has its
/// own prefetch window, so one agency's burst occupies at most <see cref="RoutingOptions.Prefetch"/> places ahead of another
/// agency's message (fair scheduling, protocols/amqp.md §3.5). Competing consumers in other hub instances share the queues.
/// </summary>
internal sealed class IngressConsumer(
    [FromKeyedServices(HubServiceNames.HubConnection)] RabbitConnectionProvider connections,
    IngressRouter router,
    ITrustRegistrySource trust,
    IOptions<RoutingOptions> options,
    ILogger<IngressConsumer> logger)
    : RabbitConsumerLoop(connections, logger)
{
    protected override string QueueName => options.Value.IngressQueuePrefix + "*";

    // Read at every (re)start of the channel: an agency added to the registry is consumed from the next one.
    protected override IReadOnlyList<string> QueueNames =>
        [.. trust.Current.Agencies.Select(a => options.Value.IngressQueuePrefix + a.Id.Value).Order(StringComparer.Ordinal)];

    protected override TimeSpan MissingQueueRescan => TimeSpan.FromSeconds(options.Value.MissingQueueRescanSeconds);

    protected override TimeSpan? StallAfter => TimeSpan.FromSeconds(options.Value.StallSeconds);

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
