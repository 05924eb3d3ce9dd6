using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace Broker.Testing.RabbitMq;

/// <summary>
/// Connection factories for the private node: PLAIN on the AMQP port for password users, and mutual TLS
/// with SASL EXTERNAL on the AMQPS port for certificate users (the certificate's CN is the user name).
/// Automatic recovery is off so a refused operation stays visible to the test.
/// </summary>
public static class RabbitMqConnections
{
    /// <summary>A password login (PLAIN) on the plain AMQP port.</summary>
    public static ConnectionFactory ForPassword(string user, string virtualHost, string? password = null, RabbitMqEnvironment? environment = null)
    {
        var env = environment ?? RabbitMqEnvironment.Current;
        var factory = Base(env, user, virtualHost);
        factory.Port = env.AmqpPort;
        factory.UserName = user;
        factory.Password = password ?? env.PasswordFor(user);
        return factory;
    }

    /// <summary>Mutual TLS with the user's generated .p12 and SASL EXTERNAL on the AMQPS port.</summary>
    public static ConnectionFactory ForCertificate(string user, string virtualHost, RabbitMqEnvironment? environment = null)
    {
        var env = environment ?? RabbitMqEnvironment.Current;
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(env.ClientCertificatePath(user, "p12"), env.P12Password);
        return ForClientCertificate(certificate, user, virtualHost, env);
    }

    /// <summary>Mutual TLS + EXTERNAL with any client certificate (e.g. one the dev CA never signed).</summary>
    public static ConnectionFactory ForClientCertificate(
        X509Certificate2 certificate, string user, string virtualHost, RabbitMqEnvironment? environment = null)
    {
        var env = environment ?? RabbitMqEnvironment.Current;
        var factory = ForTlsWithoutClientCertificate(virtualHost, env);
        factory.ClientProvidedName = $"broker-tests:{user}";
        factory.AuthMechanisms = [new ExternalMechanismFactory()];
        factory.Ssl.Certs = [certificate];
        return factory;
    }

    /// <summary>TLS on the AMQPS port that presents no client certificate (the server must refuse it).</summary>
    public static ConnectionFactory ForTlsWithoutClientCertificate(string virtualHost, RabbitMqEnvironment? environment = null)
    {
        var env = environment ?? RabbitMqEnvironment.Current;
        var factory = Base(env, "anonymous", virtualHost);
        factory.Port = env.AmqpsPort;
        factory.Ssl = new SslOption
        {
            Enabled = true,
            ServerName = env.Host,
            CertificateValidationCallback = ServerValidator(env.CaCertificatePath),
        };
        return factory;
    }

    /// <summary>Accepts the server only if its certificate chains to the dev CA and matches the host name.</summary>
    public static RemoteCertificateValidationCallback ServerValidator(string caCertificatePath)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var server = new X509Certificate2(certificate);
            return chain.Build(server);
        };
    }

    private static ConnectionFactory Base(RabbitMqEnvironment env, string user, string virtualHost) => new()
    {
        HostName = env.Host,
        VirtualHost = virtualHost,
        ClientProvidedName = $"broker-tests:{user}",
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedConnectionTimeout = env.Timeout,
        HandshakeContinuationTimeout = env.Timeout,
        ContinuationTimeout = env.Timeout,
    };
}
