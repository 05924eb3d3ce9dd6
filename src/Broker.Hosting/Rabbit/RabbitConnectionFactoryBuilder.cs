using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// Turns <see cref="RabbitConnectionOptions"/> into a RabbitMQ.Client factory: automatic recovery on, mTLS + EXTERNAL when a
/// certificate is set, and the inbound body bound equal to the node's <c>max_message_size</c>.
/// </summary>
public static class RabbitConnectionFactoryBuilder
{
    public static ConnectionFactory Build(RabbitConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factory = new ConnectionFactory
        {
            HostName = options.HostName,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            ClientProvidedName = options.ClientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(options.RecoveryIntervalSeconds),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            MaxInboundMessageBodySize = (uint)options.MaxInboundMessageBytes,
        };
        if (options.UseTls)
        {
            factory.Ssl = BuildSsl(options);
        }

        if (options.UsesClientCertificate)
        {
            factory.AuthMechanisms = [new ExternalMechanismFactory()];
        }
        else
        {
            factory.UserName = options.UserName!;
            factory.Password = options.Password!;
        }

        return factory;
    }

    private static SslOption BuildSsl(RabbitConnectionOptions options)
    {
        var ssl = new SslOption
        {
            Enabled = true,
            ServerName = options.ServerName ?? options.HostName,
            Version = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        if (options.UsesClientCertificate)
        {
            ssl.Certs = [LoadClientCertificate(options)];
        }

        if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
            ssl.CertificateValidationCallback = (_, certificate, _, errors) => ValidateAgainstCa(certificate, errors, ca);
        }

        return ssl;
    }

    internal static X509Certificate2 LoadClientCertificate(RabbitConnectionOptions options)
    {
        var path = options.ClientCertificatePath!;
        if (!string.IsNullOrWhiteSpace(options.ClientKeyPath))
        {
            using var pem = X509Certificate2.CreateFromPemFile(path, options.ClientKeyPath);
            // Re-import as PKCS#12 so SslStream on Linux can use the private key for client authentication.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassphrase);
    }

    internal static bool ValidateAgainstCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
