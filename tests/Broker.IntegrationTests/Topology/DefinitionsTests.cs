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
                    ("hub", "^$", @"^(hub\.delivery|hub\.dlx)$", @"^hub\.ingress\.[A-Z]{2}-[A-Z0-9]{2,16}$"),
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

    /// <summary>Every queue the routing core consumes has a delivery limit and a dead-letter route (protocols/amqp.md §3.2).</summary>
    [TestCaseSource(nameof(AgencyIds))]
    [CancelAfter(30_000)]
    public async Task IngressQueue_PerSender_BoundedWithDeliveryLimitDeadLetterRouteAndRejectPublish(string agency, CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var queue = await management.GetAsync($"queues/hub/hub.ingress.{agency}", cancellationToken);
        var bindings = await management.ListAsync($"queues/hub/hub.ingress.{agency}/bindings", cancellationToken);

        Assert.That(queue, Is.Not.Null, $"hub.ingress.{agency} exists");
        var arguments = queue!["arguments"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(queue, "type"), Is.EqualTo("quorum"));
            Assert.That(arguments?["x-delivery-limit"]?.GetValue<int>(), Is.EqualTo(5));
            Assert.That(Text(arguments, "x-dead-letter-exchange"), Is.EqualTo("hub.dlx"));
            Assert.That(arguments?["x-max-length"]?.GetValue<int>(), Is.EqualTo(10_000));
            Assert.That(arguments?["x-max-length-bytes"]?.GetValue<long>(), Is.EqualTo(256L * 1024 * 1024));
            Assert.That(Text(arguments, "x-overflow"), Is.EqualTo("reject-publish"));
            Assert.That(bindings.Where(b => Text(b, "source") == "hub.ingress").Select(b => Text(b, "routing_key")), Is.EqualTo(new[] { $"from.{agency}" }));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RetentionPolicies_DeadLettersAndArchiveStream_BoundedInLengthBytesAndAge(CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var deadLetters = (await management.GetAsync("queues/hub/hub.dead-letters", cancellationToken))?["effective_policy_definition"];
        var archive = (await management.GetAsync("queues/hub/hub.ingress.archive", cancellationToken))?["effective_policy_definition"];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deadLetters?["max-length"]?.GetValue<int>(), Is.EqualTo(50_000));
            Assert.That(deadLetters?["max-length-bytes"]?.GetValue<long>(), Is.EqualTo(512L * 1024 * 1024));
            Assert.That(deadLetters?["message-ttl"]?.GetValue<long>(), Is.EqualTo(14L * 24 * 3600 * 1000));
            Assert.That(Text(deadLetters, "overflow"), Is.EqualTo("drop-head"));
            Assert.That(Text(archive, "max-age"), Is.EqualTo("30D"));
            Assert.That(archive?["max-length-bytes"]?.GetValue<long>(), Is.EqualTo(2L * 1024 * 1024 * 1024));
            Assert.That(archive?["stream-max-segment-size-bytes"]?.GetValue<long>(), Is.EqualTo(64L * 1024 * 1024));
        }
    }

    [TestCaseSource(nameof(AgencyIds))]
    [CancelAfter(30_000)]
    public async Task AgencyHubUser_Limits_BoundConnectionsAndChannels(string agency, CancellationToken cancellationToken)
    {
        using var management = new RabbitMqManagement();

        var limits = (await management.ListAsync($"user-limits/{RabbitMqManagement.Segment(agency)}", cancellationToken)).SingleOrDefault()?["value"];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits?["max-connections"]?.GetValue<int>(), Is.EqualTo(16));
            Assert.That(limits?["max-channels"]?.GetValue<int>(), Is.EqualTo(256));
        }
    }

    // Test runs add their own copies of the vhosts (TopologySandbox); only the real ones are checked.
    private static async Task<IEnumerable<JsonNode>> RealAsync(RabbitMqManagement management, string path, CancellationToken cancellationToken) =>
        (await management.ListAsync(path, cancellationToken)).Where(p => !TopologySandbox.IsCopy(Text(p, "vhost")));

    private static string Text(JsonNode? node, string property) => node?[property]?.GetValue<string>() ?? string.Empty;
}
