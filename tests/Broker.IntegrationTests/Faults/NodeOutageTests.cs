using Broker.Hosting.Rabbit;
using Broker.IntegrationTests.Gateway;
using Broker.Testing;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// The RabbitMQ node stops for 10 seconds while TH-ONCB's gateway is publishing a stream of alerts, then starts again on the
/// same data (durable quorum queues survive). Runs on its own node (instance 8), never the shared one.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class NodeOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private GatewayNetwork _network = null!;
    private FaultStack _stack = null!;

    [OneTimeSetUp]
    public async Task StartNodeAsync()
    {
        // A fresh data directory: nothing left in the queues by an earlier run.
        await PrivateNode.RunAsync("reset");
        await PrivateNode.RunAsync("start");
        _network = GatewayNetwork.Create();
        _stack = new FaultStack(PrivateNode.Environment, "hub", AgencyNames.VirtualHost, _network);
    }

    [OneTimeTearDown]
    public async Task StopNodeAsync()
    {
        _network?.Dispose();
        await PrivateNode.RunAsync("stop");
    }

    [Test]
    [CancelAfter(150_000)]
    public async Task Node_StoppedFor10SecondsWhileAGatewayPublishes_OutboxDrainsAndEveryAlertArrivesOnce(CancellationToken cancellationToken)
    {
        const int Count = 300;
        var env = _stack.Environment;
        var data = Directory.CreateDirectory(Path.Combine(_network.Directory, "outage")).FullName;
        var services = await Task.WhenAll(
            _stack.StartHubAsync(data, cancellationToken),
            _stack.StartGatewayAsync("TH-ONCB", Path.Combine(data, "th.db"), cancellationToken),
            _stack.StartGatewayAsync("RU-MVD", Path.Combine(data, "ru.db"), cancellationToken),
            _stack.StartGatewayAsync("MY-PDRM", Path.Combine(data, "my.db"), cancellationToken));
        try
        {
            var sent = await AgencySender.PublishAsync("TH-ONCB", AgencyNames.VirtualHost("TH-ONCB"), env, Count, cancellationToken);
            await WaitUntilInboxHoldsAsync(env, Count / 10, cancellationToken);

            await PrivateNode.RunAsync("stop", cancellationToken);
            // The outage itself is the scenario: the node stays down for a fixed time, whatever the services do.
            await Task.Delay(Outage, cancellationToken);
            await PrivateNode.RunAsync("start", cancellationToken);

            await using var ruInbox = await InboxTally.StartAsync("RU-MVD", AgencyNames.VirtualHost("RU-MVD"), env, cancellationToken);
            await using var myInbox = await InboxTally.StartAsync("MY-PDRM", AgencyNames.VirtualHost("MY-PDRM"), env, cancellationToken);
            await ProcessKillTests.WaitForAllAsync([ruInbox, myInbox], Count, cancellationToken);
            using var management = new RabbitMqManagement(env);
            var deadLetters = await management.MessageCountAsync("hub", "hub.dead-letters", cancellationToken);
            var undeliverable = await management.MessageCountAsync(AgencyNames.VirtualHost("TH-ONCB"), AgencyNames.DeadLetterQueue, cancellationToken);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(services.Where(s => s.HasExited).Select(s => s.Name), Is.Empty, "every service rode out the outage");
                // A gateway publish cut off by the outage is repeated with x-possible-duplicate and the same message id.
                ProcessKillTests.AssertExactlyOnce(ruInbox, sent, allowFlagged: true);
                ProcessKillTests.AssertExactlyOnce(myInbox, sent, allowFlagged: true);
                Assert.That(deadLetters, Is.Zero, "nothing dead-lettered at the hub");
                Assert.That(undeliverable, Is.Zero, "nothing dead-lettered at the sending gateway");
            }
        }
        catch (Exception)
        {
            ServiceProcess.Report(services);
            throw;
        }
        finally
        {
            foreach (var service in services)
            {
                service.Dispose();
            }
        }
    }

    /// <summary>Waits, by the inbox's message count (no consumer yet), until the stream is flowing into RU-MVD.</summary>
    private static async Task WaitUntilInboxHoldsAsync(RabbitMqEnvironment env, int count, CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ForPassword(AgencyNames.SystemUser("RU-MVD"), AgencyNames.VirtualHost("RU-MVD"), environment: env).CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await Eventually.WaitForAsync(
            async ct => await channel.MessageCountAsync(AgencyNames.InboxQueue, ct) >= (uint)count,
            env.Timeout * 6, $"{count} alerts in RU-MVD's inbox", cancellationToken);
    }
}
