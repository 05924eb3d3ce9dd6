using System.Text.Json.Nodes;
using Broker.Hosting.Rabbit;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Topology;

/// <summary>
/// The names the gateway, the web client and the CLI take from <see cref="AgencyNames"/> are the ones the node's
/// definitions declare for every agency: its vhost, both users, the exchanges, queues and the bindings between them.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class AgencyNamesTests
{
    private static readonly string[] AgencyIds = [.. DemoAgencies.Ids];

    [OneTimeSetUp]
    public Task EnsureNodeAsync() => RabbitMqEnvironment.Current.EnsureRunningAsync();

    [TestCaseSource(nameof(AgencyIds))]
    [CancelAfter(30_000)]
    public async Task AgencyVirtualHost_Declared_MatchesTheSharedNames(string agency, CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();
        var vhost = RabbitMqManagement.Segment(AgencyNames.VirtualHost(agency));

        var bindings = (await management.ListAsync($"bindings/{vhost}", cancellationToken))
            .Select(b => (Text(b, "source"), Text(b, "destination"), Text(b, "routing_key"))).ToList();
        var users = (await management.ListAsync($"vhosts/{vhost}/permissions", cancellationToken)).Select(p => Text(p, "user")).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bindings, Does.Contain((AgencyNames.OutboundExchange, AgencyNames.OutboundQueue, AgencyNames.AlertRoutingKey)));
            Assert.That(bindings, Does.Contain((AgencyNames.OutboundExchange, AgencyNames.OutboundQueue, AgencyNames.ActionRoutingKey)));
            Assert.That(bindings, Does.Contain((AgencyNames.InboundExchange, AgencyNames.InboxQueue, "#")));
            Assert.That(bindings, Does.Contain((AgencyNames.DeadLetterExchange, AgencyNames.DeadLetterQueue, string.Empty)));
            Assert.That(users, Does.Contain(AgencyNames.SystemUser(agency)).And.Contain(AgencyNames.GatewayUser(agency)));
        }
    }

    private static string Text(JsonNode? node, string property) => node?[property]?.GetValue<string>() ?? string.Empty;
}
