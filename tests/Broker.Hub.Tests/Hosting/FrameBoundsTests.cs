using System.Globalization;
using System.Text.RegularExpressions;
using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Broker.Testing;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Tests.Hosting;

/// <summary>
/// The size bounds of the gateway → hub path nest (protocols/amqp.md §3.6): the hub's Routing:MaxEnvelopeBytes is the smallest,
/// the client's MaxInboundMessageBodySize equals the node's max_message_size, so the broker refuses what the client could not
/// take and nothing ever makes the hub drop its connection.
/// </summary>
public sealed class FrameBoundsTests
{
    [Test]
    public void NodeTemplate_MaxMessageSize_EqualsTheClientsDefaultBoundAboveEveryHubSetting()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "rabbitmq", "rabbitmq.conf.template"));
        var cluster = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "cluster.sh"));
        var node = Regex.Match(template, @"^max_message_size = (\d+)$", RegexOptions.Multiline);
        var clusterNode = Regex.Match(cluster, @"^max_message_size = (\d+)$", RegexOptions.Multiline);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(node.Success, Is.True, "rabbitmq.conf.template sets max_message_size");
            Assert.That(clusterNode.Groups[1].Value, Is.EqualTo(node.Groups[1].Value), "the cluster's nodes use the same bound");
            Assert.That(int.Parse(node.Groups[1].Value, CultureInfo.InvariantCulture), Is.EqualTo(RabbitConnectionOptions.DefaultMaxInboundMessageBytes));
            Assert.That(new RabbitConnectionOptions().MaxInboundMessageBytes, Is.GreaterThan(Protocol.ProtocolLimits.MaxEnvelopeBytes),
                "the largest Routing:MaxEnvelopeBytes the hub accepts is still below the frame bound");
            Assert.That(new RoutingOptions().MaxEnvelopeBytes, Is.LessThan(RabbitConnectionOptions.DefaultMaxInboundMessageBytes));
        }
    }

    [Test]
    public void Build_Options_SetsTheClientsInboundBodyBound()
    {
        var factory = RabbitConnectionFactoryBuilder.Build(new RabbitConnectionOptions { UserName = "u", Password = "p", MaxInboundMessageBytes = 2 * 1024 * 1024 });
        var defaults = RabbitConnectionFactoryBuilder.Build(new RabbitConnectionOptions { UserName = "u", Password = "p" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(factory.MaxInboundMessageBodySize, Is.EqualTo(2u * 1024 * 1024));
            Assert.That(defaults.MaxInboundMessageBodySize, Is.EqualTo((uint)RabbitConnectionOptions.DefaultMaxInboundMessageBytes));
        }
    }

    [TestCase(1024 * 1024, 2 * 1024 * 1024, true)]
    [TestCase(2 * 1024 * 1024, 2 * 1024 * 1024, false)]
    [TestCase(4 * 1024 * 1024, 2 * 1024 * 1024, false)]
    public void Validate_HubBoundAgainstClientBound_OnlyASmallerHubBoundPasses(int hub, int client, bool valid)
    {
        var monitor = new StaticMonitor(new RabbitConnectionOptions { MaxInboundMessageBytes = client });

        var result = new FrameBoundsValidator(monitor, "hub").Validate(null, new RoutingOptions { MaxEnvelopeBytes = hub });

        Assert.That(result.Succeeded, Is.EqualTo(valid), result.FailureMessage);
    }

    private sealed class StaticMonitor(RabbitConnectionOptions value) : IOptionsMonitor<RabbitConnectionOptions>
    {
        public RabbitConnectionOptions CurrentValue => value;

        public RabbitConnectionOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RabbitConnectionOptions, string?> listener) => null;
    }
}
