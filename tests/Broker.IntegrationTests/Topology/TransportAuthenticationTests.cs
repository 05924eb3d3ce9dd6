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

    [Test]
    [CancelAfter(30_000)]
    public async Task AgencyUser_MutualTlsWithOwnCertificate_Connects(CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ForCertificate(Thailand, "hub").CreateConnectionAsync(cancellationToken);

        Assert.That(connection.IsOpen, Is.True);
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
