using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client.Exceptions;
using static Broker.IntegrationTests.Topology.Agencies;

namespace Broker.IntegrationTests.Topology;

/// <summary>
/// Who may connect at all, against the node's real vhosts (a refused login creates nothing):
/// agency hub users only with a dev-CA certificate, password users only in their own vhost.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class TransportAuthenticationTests
{
    [OneTimeSetUp]
    public Task EnsureNodeAsync() => RabbitMqEnvironment.Current.EnsureRunningAsync();

    // Every hub user with a certificate (deploy/certs.sh), and every password user with the password
    // deploy/rabbitmq.sh wrote to .run/secrets.env: the generator, the node and this fixture agree on names.
    private static readonly string[] CertificateUsers = ["hub-core", "auditor", .. DemoAgencies.Ids];

    private static readonly TestCaseData[] PasswordUsers =
    [
        new("hub-core", "hub"), new("auditor", "hub"), new("admin", "hub"),
        .. DemoAgencies.Ids.SelectMany(id => new TestCaseData[] { new($"{id}.system", $"agency.{id}"), new($"{id}.gateway", $"agency.{id}") }),
    ];

    [TestCaseSource(nameof(CertificateUsers))]
    [CancelAfter(30_000)]
    public async Task CertificateUser_MutualTlsWithExternal_Connects(string user, CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ForCertificate(user, "hub").CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        Assert.That(channel.IsOpen, Is.True);
    }

    [TestCaseSource(nameof(PasswordUsers))]
    [CancelAfter(30_000)]
    public async Task PasswordUser_GeneratedPassword_Connects(string user, string vhost, CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ForPassword(user, vhost).CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        Assert.That(channel.IsOpen, Is.True);
    }

    [Test]
    [CancelAfter(30_000)]
    public void AgencyUser_PasswordLogin_Refused(CancellationToken cancellationToken)
    {
        // Agency hub users have no password at all; no guess may log in over PLAIN.
        foreach (var guess in new[] { string.Empty, Thailand, "guest" })
        {
            var factory = RabbitMqConnections.ForPassword(Thailand, "hub", guess);

            var ex = Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(cancellationToken));

            Assert.That(AmqpRefusals.Innermost<AuthenticationFailureException>(ex), Is.Not.Null, ex.ToString());
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public void TlsWithoutClientCertificate_Refused(CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnections.ForTlsWithoutClientCertificate("hub");

        Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(cancellationToken));
    }

    [Test]
    [CancelAfter(30_000)]
    public void ClientCertificateNotIssuedByDevCa_Refused(CancellationToken cancellationToken)
    {
        // A spoofed identity: the right CN, but self-signed rather than issued by the dev CA.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={Thailand}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var spoofed = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var factory = RabbitMqConnections.ForClientCertificate(spoofed, Thailand, "hub");

        Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(cancellationToken));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SystemUser_AnotherAgencysVirtualHost_NotAllowed(CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnections.ForPassword($"{Thailand}.system", $"agency.{Russia}");

        var refusal = await AmqpRefusals.ConnectionRefusedAsync(factory, RabbitMqEnvironment.Current.Timeout, cancellationToken);

        Assert.That(refusal.ReplyCode, Is.EqualTo(AmqpRefusals.NotAllowed), refusal.ToString());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SystemUser_HubVirtualHost_NotAllowed(CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnections.ForPassword($"{Thailand}.system", "hub");

        var refusal = await AmqpRefusals.ConnectionRefusedAsync(factory, RabbitMqEnvironment.Current.Timeout, cancellationToken);

        Assert.That(refusal.ReplyCode, Is.EqualTo(AmqpRefusals.NotAllowed), refusal.ToString());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AgencyHubUser_PremisesVirtualHost_NotAllowed(CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnections.ForCertificate(Thailand, $"agency.{Thailand}");

        var refusal = await AmqpRefusals.ConnectionRefusedAsync(factory, RabbitMqEnvironment.Current.Timeout, cancellationToken);

        Assert.That(refusal.ReplyCode, Is.EqualTo(AmqpRefusals.NotAllowed), refusal.ToString());
    }
}
