using System.Security.Cryptography.X509Certificates;
using Broker.Hosting.Rabbit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broker.Hosting.Configuration;

/// <summary>
/// MassTransit on RabbitMQ for a host's internal plumbing (the hub's <c>hub-internal</c> vhost, a gateway's own vhost),
/// connected with the same validated <see cref="RabbitConnectionOptions"/> as the contract-facing connections.
/// </summary>
public static class MassTransitHosting
{
    public const string ConnectionName = "internal";

    public static IServiceCollection AddBrokerMassTransit(this IServiceCollection services, string sectionName, Action<IBusRegistrationConfigurator> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions<RabbitConnectionOptions, RabbitConnectionOptionsValidator>(sectionName, ConnectionName);
        // The host's start waits until the bus and its receive endpoints (queues, bindings) are up, so a sequencer hosted in
        // this process has declared its queue before anything of this process publishes to it.
        services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        services.AddMassTransit(x =>
        {
            configure(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptionsMonitor<RabbitConnectionOptions>>().Get(ConnectionName);
                cfg.Host(options.HostName, (ushort)options.Port, options.VirtualHost, options.ClientName, h => ConfigureHost(h, options));
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }

    private static void ConfigureHost(IRabbitMqHostConfigurator host, RabbitConnectionOptions options)
    {
        if (!options.UsesClientCertificate)
        {
            host.Username(options.UserName!);
            host.Password(options.Password!);
        }

        if (!options.UseTls)
        {
            return;
        }

        host.UseSsl(ssl =>
        {
            ssl.ServerName = options.ServerName ?? options.HostName;
            if (options.UsesClientCertificate)
            {
                ssl.Certificate = RabbitConnectionFactoryBuilder.LoadClientCertificate(options);
                ssl.UseCertificateAsAuthenticationIdentity = true;
            }

            if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
            {
                var ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
                ssl.CertificateValidationCallback = (_, certificate, _, errors) => RabbitConnectionFactoryBuilder.ValidateAgainstCa(certificate, errors, ca);
            }
        });
    }
}
