using Broker.Hosting.Rabbit;
using Broker.Hosting.Resilience;
using Broker.Protocol.Envelopes;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.IntegrationTests.Hub;

/// <summary>
/// "A process whose queue does not move reports unhealthy": the consumer loop of the hub (and of any host that sets a stall
/// limit) reports a problem, which readiness turns into 503, while deliveries are in flight and none is acknowledged, and
/// is healthy again once one is. Time is the connection's clock, advanced by the test.
/// </summary>
[TestFixture]
public sealed class ConsumerStallTests : CoreTestBase
{
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);

    [Test, CancelAfter(120_000)]
    public async Task Problem_DeliveryInFlightAndNoneAcknowledgedForTheLimit_SaysTheQueueDoesNotMoveUntilOneIsAcked(CancellationToken cancellationToken)
    {
        var clock = new WatchedTimeProvider(TimeProvider.System.GetUtcNow());
        var env = RabbitMqEnvironment.Current;
        var options = new RabbitConnectionOptions
        {
            HostName = env.Host,
            Port = env.AmqpPort,
            VirtualHost = Sandbox.Hub,
            UserName = "hub-core",
            Password = env.PasswordFor("hub-core"),
            ClientName = "stall-test",
        };
        var pipeline = BrokerResilience.Build(new BrokerResilienceOptions { MaxRetryAttempts = 1 }, TimeProvider.System);
        await using var connections = new RabbitConnectionProvider("stall", options, pipeline, NullLogger<RabbitConnectionProvider>.Instance, clock);
        using var loop = new BlockingLoop(connections);
        await loop.StartAsync(cancellationToken);
        try
        {
            await Eventually.WaitForAsync(() => loop.Problem() is null, Timeout, "the loop to consume", cancellationToken);
            var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
            await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"]), messageId: EnvelopeId.New().ToString(), cancellationToken: cancellationToken);
            await loop.Entered.Task.WaitAsync(Timeout, cancellationToken);

            var early = loop.Problem();
            clock.Advance(StallLimit);
            var stalled = loop.Problem();
            loop.Release.TrySetResult();
            await Eventually.WaitForAsync(() => loop.Problem() is null, Timeout, "the loop to be healthy once the delivery is acked", cancellationToken);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(early, Is.Null, "in flight, but not yet for the limit");
                Assert.That(stalled, Is.EqualTo("hub.ingress.TH-ONCB does not move: 1 deliveries in flight, none acknowledged for 30 s"));
            }
        }
        finally
        {
            loop.Release.TrySetResult();
            await loop.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Consumes TH-ONCB's ingress queue; its handler waits for the test before acking.</summary>
    private sealed class BlockingLoop(RabbitConnectionProvider connections) : RabbitConsumerLoop(connections, NullLogger.Instance)
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string QueueName => "hub.ingress.TH-ONCB";
        protected override ushort Prefetch => 1;
        protected override ushort Concurrency => 1;
        protected override TimeSpan? StallAfter => StallLimit;

        protected override async Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return DeliveryDisposition.Ack;
        }
    }
}
