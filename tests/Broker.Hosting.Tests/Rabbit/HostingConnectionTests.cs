using Broker.Hosting.Rabbit;
using Broker.Hosting.Resilience;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Hosting.Tests.Rabbit;

/// <summary>Broker.Hosting's connection options against the real node: mTLS + EXTERNAL with .p12 or PEM files, and the confirmed publisher.</summary>
[TestFixture]
[Category(TestLanes.RabbitMq)]
[NonParallelizable]
public sealed class HostingConnectionTests
{
    private TopologySandbox Sandbox { get; set; } = null!;

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout * 2;

    /// <summary>A private copy of the hub vhost per test: the first test counts what is in hub.ingress.</summary>
    [SetUp]
    public async Task CreateSandboxAsync() => Sandbox = await TopologySandbox.CreateAsync([]);

    [TearDown]
    public async Task DeleteSandboxAsync() => await Sandbox.DisposeAsync();

    private RabbitConnectionOptions Certificate(string user, bool pem)
    {
        var env = RabbitMqEnvironment.Current;
        return new RabbitConnectionOptions
        {
            HostName = env.Host,
            Port = env.AmqpsPort,
            VirtualHost = Sandbox.Hub,
            UseTls = true,
            ClientCertificatePath = env.ClientCertificatePath(user, pem ? "crt" : "p12"),
            ClientKeyPath = pem ? env.ClientCertificatePath(user, "key") : null,
            ClientCertificatePassphrase = pem ? null : env.P12Password,
            CaCertificatePath = env.CaCertificatePath,
            ClientName = "hosting-test-" + user,
        };
    }

    [TestCase(false, TestName = "ConfirmedPublisher_AgencyOverMtlsWithP12_PublishesWithItsUserIdConfirmed")]
    [TestCase(true, TestName = "ConfirmedPublisher_AgencyOverMtlsWithPem_PublishesWithItsUserIdConfirmed")]
    [CancelAfter(60_000)]
    public async Task ConfirmedPublisher_AgencyOverMtls_PublishesWithItsUserIdConfirmed(bool pem, CancellationToken cancellationToken)
    {
        var pipeline = BrokerResilience.Build(new BrokerResilienceOptions { MaxRetryAttempts = 1 }, TimeProvider.System);
        await using var connections = new RabbitConnectionProvider("test", Certificate("TH-ONCB", pem), pipeline, NullLogger<RabbitConnectionProvider>.Instance);
        await using var publisher = new ConfirmedPublisher(connections, pipeline, TimeProvider.System, NullLogger<ConfirmedPublisher>.Instance);

        var outcome = await publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = "hub.ingress",
            RoutingKey = "from.TH-ONCB",
            Body = "x"u8.ToArray(),
            UserId = "TH-ONCB",
            MessageId = "hosting-" + pem,
        }, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(PublishOutcome.Confirmed));
            Assert.That(connections.IsOpen, Is.True);
        }

        // The management API's queue statistics lag behind the confirm.
        using var management = new RabbitMqManagement();
        await Eventually.WaitForAsync(async ct => await management.MessageCountAsync(Sandbox.Hub, "hub.ingress.TH-ONCB", ct) == 1, Timeout, "the message in hub.ingress.TH-ONCB", cancellationToken);
    }

    [Test, CancelAfter(60_000)]
    public async Task ConfirmedPublisher_NoQueueForRoutingKey_ReturnsUnroutable(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        var pipeline = BrokerResilience.Build(new BrokerResilienceOptions { MaxRetryAttempts = 1 }, TimeProvider.System);
        var options = new RabbitConnectionOptions { HostName = env.Host, Port = env.AmqpPort, VirtualHost = Sandbox.Hub, UserName = "hub-core", Password = env.PasswordFor("hub-core") };
        await using var connections = new RabbitConnectionProvider("test", options, pipeline, NullLogger<RabbitConnectionProvider>.Instance);
        await using var publisher = new ConfirmedPublisher(connections, pipeline, TimeProvider.System, NullLogger<ConfirmedPublisher>.Instance);

        var outcome = await publisher.PublishAsync(new OutgoingMessage { Exchange = "hub.delivery", RoutingKey = "XX-NOBODY", Body = "x"u8.ToArray(), UserId = "hub-core" }, cancellationToken);

        Assert.That(outcome, Is.EqualTo(PublishOutcome.Unroutable));
    }

    [Test, CancelAfter(60_000)]
    public async Task ConnectionFactory_ServerNotSignedByConfiguredCa_Refused(CancellationToken cancellationToken)
    {
        var options = Certificate("TH-ONCB", pem: false);
        // Any CA other than the dev CA: the agency's own certificate is not a CA for the server.
        options.CaCertificatePath = RabbitMqEnvironment.Current.ClientCertificatePath("RU-MVD", "crt");

        Assert.That(async () => await RabbitConnectionFactoryBuilder.Build(options).CreateConnectionAsync(cancellationToken),
            Throws.InstanceOf<RabbitMQ.Client.Exceptions.BrokerUnreachableException>());
    }
}
