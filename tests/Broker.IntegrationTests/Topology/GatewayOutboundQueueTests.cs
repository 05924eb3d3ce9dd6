using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Topology;

/// <summary>
/// Every queue a process consumes has a delivery limit and a dead-letter route (issue 12): the gateway's
/// <c>gateway.outbound</c> in each agency vhost, the backstop behind the gateway's own bounded retries (protocols/amqp.md §2.7).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayOutboundQueueTests
{
    private static readonly string[] AgencyIds = [.. DemoAgencies.Ids];

    [OneTimeSetUp]
    public Task EnsureNodeAsync() => RabbitMqEnvironment.Current.EnsureRunningAsync();

    [TestCaseSource(nameof(AgencyIds))]
    [CancelAfter(30_000)]
    public async Task GatewayOutbound_Declared_HasADeliveryLimitAndDeadLettersToTheAgencyDlx(string agency, CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();
        var queue = await management.GetAsync($"queues/{RabbitMqManagement.Segment($"agency.{agency}")}/gateway.outbound", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(queue?["type"]?.GetValue<string>(), Is.EqualTo("quorum"));
            Assert.That(queue?["arguments"]?["x-delivery-limit"]?.GetValue<int>(), Is.EqualTo(10));
            Assert.That(queue?["arguments"]?["x-dead-letter-exchange"]?.GetValue<string>(), Is.EqualTo("agency.dlx"));
        }
    }
}
