using System.Net;
using System.Net.Sockets;
using Broker.Hosting.Rabbit;
using Broker.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Broker.Hosting.Tests.Rabbit;

/// <summary>The consumer loop without a broker: it reports why it is not consuming, and backs off on its connection's clock.</summary>
public sealed class RabbitConsumerLoopTests
{
    [Test, CancelAfter(30_000)]
    public async Task ExecuteAsync_BrokerUnreachable_NotReadySayingWhyAndRetriesWhenTheBackoffPassesOnTheClock(CancellationToken cancellationToken)
    {
        var clock = new WatchedTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new RabbitConnectionOptions { HostName = "127.0.0.1", Port = ClosedPort(), VirtualHost = "hub", UserName = "hub-core", Password = "not-used" };
        await using var connections = new RabbitConnectionProvider("hub", options, ResiliencePipeline.Empty, NullLogger<RabbitConnectionProvider>.Instance, clock);
        using var loop = new QueueLoop(connections);
        var notStarted = loop.Problem();

        // Restart backoff: 400 ms after the first failed attempt, 800 ms after the second.
        var firstBackoff = clock.NextTimerAsync(TimeSpan.FromMilliseconds(400), cancellationToken);
        await loop.StartAsync(cancellationToken);
        try
        {
            await firstBackoff;
            var afterFirst = loop.Problem();
            var secondBackoff = clock.NextTimerAsync(TimeSpan.FromMilliseconds(800), cancellationToken);
            clock.Advance(TimeSpan.FromMilliseconds(400));
            await secondBackoff;
            var afterSecond = loop.Problem();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(notStarted, Is.EqualTo("not consuming test.queue: not started"));
                Assert.That(afterFirst, Is.EqualTo("not consuming test.queue: attempt failed (BrokerUnreachableException, 1 in a row); restarting in 400 ms"));
                Assert.That(afterSecond, Does.Contain("2 in a row").And.Contain("restarting in 800 ms"));
                Assert.That(connections.IsOpen, Is.False);
            }
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A loopback port nobody listens on: connecting is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class QueueLoop(RabbitConnectionProvider connections) : RabbitConsumerLoop(connections, NullLogger.Instance)
    {
        protected override string QueueName => "test.queue";
        protected override ushort Prefetch => 1;
        protected override ushort Concurrency => 1;

        protected override Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
            Task.FromResult(DeliveryDisposition.Ack);
    }
}
