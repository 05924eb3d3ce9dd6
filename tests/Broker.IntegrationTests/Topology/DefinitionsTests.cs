using System.Text.Json.Nodes;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Topology;

/// <summary>The running node holds exactly the agreed users and permissions for every agency in deploy/demo/agencies.json.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class DefinitionsTests
{
    private static readonly string[] AgencyIds = [.. DemoAgencies.Ids];
    private static readonly string[] HubOnly = ["hub"];

    [OneTimeSetUp]
    public Task EnsureNodeAsync() => RabbitMqEnvironment.Current.EnsureRunningAsync();

    [TestCaseSource(nameof(AgencyIds))]
    [CancelAfter(30_000)]
    public async Task HubPermissions_AgencyUser_AreLeastPrivilege(string agency, CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var permission = await management.GetAsync($"permissions/hub/{RabbitMqManagement.Segment(agency)}", cancellationToken);
        var topic = await RealAsync(management, $"users/{RabbitMqManagement.Segment(agency)}/topic-permissions", cancellationToken);
        var user = await management.GetAsync($"users/{RabbitMqManagement.Segment(agency)}", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(permission, "configure"), Is.EqualTo("^$"));
            Assert.That(Text(permission, "write"), Is.EqualTo(@"^hub\.ingress$"));
            Assert.That(Text(permission, "read"), Is.EqualTo($@"^deliver\.{agency}$"));
            Assert.That(topic.Select(t => (Text(t, "vhost"), Text(t, "exchange"), Text(t, "write"))),
                Is.EquivalentTo(new[] { ("hub", "hub.ingress", $@"^from\.{agency}$") }));
            Assert.That(Text(user, "password_hash"), Is.Empty, "agency hub users are certificate-only");
        }
    }

    [TestCaseSource(nameof(AgencyIds))]
    [CancelAfter(30_000)]
    public async Task AgencyUsers_OnlyTheirOwnVirtualHost_HavePermissions(string agency, CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var system = await RealAsync(management, $"users/{RabbitMqManagement.Segment($"{agency}.system")}/permissions", cancellationToken);
        var gateway = await RealAsync(management, $"users/{RabbitMqManagement.Segment($"{agency}.gateway")}/permissions", cancellationToken);
        var hubUser = await RealAsync(management, $"users/{RabbitMqManagement.Segment(agency)}/permissions", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(system.Select(p => (Text(p, "vhost"), Text(p, "configure"), Text(p, "write"), Text(p, "read"))),
                Is.EquivalentTo(new[] { ($"agency.{agency}", "^$", @"^agency\.outbound$", @"^agency\.inbox$") }));
            Assert.That(gateway.Select(p => (Text(p, "vhost"), Text(p, "configure"), Text(p, "write"), Text(p, "read"))),
                Is.EquivalentTo(new[]
                {
                    ($"agency.{agency}", "^$", @"^(agency\.inbound|agency\.dlx)$", @"^gateway\.outbound$"),
                    ($"gateway.{agency}", ".*", ".*", ".*"),
                }));
            Assert.That(hubUser.Select(p => Text(p, "vhost")), Is.EqualTo(HubOnly));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task HubServiceUsers_Permissions_AreLeastPrivilege(CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var core = await RealAsync(management, "users/hub-core/permissions", cancellationToken);
        var auditor = await RealAsync(management, "users/auditor/permissions", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(core.Select(p => (Text(p, "vhost"), Text(p, "configure"), Text(p, "write"), Text(p, "read"))),
                Is.EquivalentTo(new[]
                {
                    ("hub", "^$", @"^(hub\.delivery|hub\.dlx)$", @"^hub\.ingress$"),
                    ("hub-internal", ".*", ".*", ".*"),
                }));
            Assert.That(auditor.Select(p => (Text(p, "vhost"), Text(p, "configure"), Text(p, "write"), Text(p, "read"))),
                Is.EquivalentTo(new[] { ("hub", "^$", "^$", @"^hub\.ingress\.archive$") }));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task HubQueues_Declared_AreDurableQuorumWithDeadLettering(CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var queues = (await management.ListAsync("queues/hub", cancellationToken)).ToDictionary(q => Text(q, "name"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(queues["hub.ingress"], "type"), Is.EqualTo("quorum"));
            Assert.That(queues["hub.ingress"]["arguments"]?["x-delivery-limit"]?.GetValue<int>(), Is.EqualTo(5));
            Assert.That(Text(queues["hub.ingress"]["arguments"], "x-dead-letter-exchange"), Is.EqualTo("hub.dlx"));
            Assert.That(Text(queues["hub.ingress.archive"], "type"), Is.EqualTo("stream"));
            Assert.That(Text(queues["hub.dead-letters"], "type"), Is.EqualTo("quorum"));
            foreach (var agency in AgencyIds)
            {
                Assert.That(Text(queues[$"deliver.{agency}"], "type"), Is.EqualTo("quorum"));
                Assert.That(Text(queues[$"deliver.{agency}"]["arguments"], "x-dead-letter-exchange"), Is.EqualTo("hub.dlx"));
                Assert.That(queues[$"deliver.{agency}"]["arguments"]?["x-delivery-limit"]?.GetValue<int>(), Is.EqualTo(20), "a delivery cannot loop forever");
            }

            Assert.That(queues.Values.All(q => q["durable"]?.GetValue<bool>() == true), Is.True);
        }
    }

    // Test runs add their own copies of the vhosts (TopologySandbox); only the real ones are checked.
    private static async Task<IEnumerable<JsonNode>> RealAsync(RabbitMqManagement management, string path, CancellationToken cancellationToken) =>
        (await management.ListAsync(path, cancellationToken)).Where(p => !TopologySandbox.IsCopy(Text(p, "vhost")));

    private static string Text(JsonNode? node, string property) => node?[property]?.GetValue<string>() ?? string.Empty;
}
