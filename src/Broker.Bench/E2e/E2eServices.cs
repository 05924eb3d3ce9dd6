using System.Globalization;
using Broker.Bench.Hub;
using Broker.Bench.World;
using Broker.Gateway;
using Broker.Hosting.Rabbit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Bench.E2e;

/// <summary>The real hub (as <c>broker-bench hub</c> runs it) and one real gateway per agency, in this process, on the node's own vhosts.</summary>
internal sealed class E2eServices : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    public static async Task<E2eServices> StartAsync(NodeSettings settings, TrustFiles files, ushort concurrency, CancellationToken cancellationToken)
    {
        var services = new E2eServices();
        try
        {
            services._hosts.Add(await HubRunner.StartAsync(settings, files, concurrency, 128, audit: true, cancellationToken));
            foreach (var agency in BenchRoute.Agencies)
            {
                services._hosts.Add(await StartGatewayAsync(settings, files, agency, cancellationToken));
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    private static async Task<IHost> StartGatewayAsync(NodeSettings settings, TrustFiles files, string agency, CancellationToken cancellationToken)
    {
        var hub = settings.Agency(agency);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = files.Directory, EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Gateway:Agency"] = agency,
            ["Gateway:StorePath"] = Path.Combine(files.Directory, $"{agency}.db"),
            ["Gateway:KeyFilePath"] = files.KeyFile(agency),
            ["Gateway:KeyPassphrase"] = TrustFiles.Passphrase(agency),
            ["Gateway:RegistryPath"] = files.Registry,
            ["Gateway:Policies:Directory"] = files.Policies,
            ["Gateway:TrustAnchorPath"] = files.Anchor,
            ["Gateway:DrainIntervalMilliseconds"] = "200",
            // The alert path only: delivery receipts would add one composite signature per copy on the recipients' side.
            ["Gateway:SendDeliveryReceipts"] = "false",
            ["Gateway:AgencyBroker:HostName"] = settings.Host,
            ["Gateway:AgencyBroker:Port"] = settings.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:AgencyBroker:VirtualHost"] = AgencyNames.VirtualHost(agency),
            ["Gateway:AgencyBroker:UserName"] = AgencyNames.GatewayUser(agency),
            ["Gateway:AgencyBroker:Password"] = settings.Password(AgencyNames.GatewayUser(agency)),
            ["Gateway:HubBroker:HostName"] = hub.HostName,
            ["Gateway:HubBroker:Port"] = hub.Port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:HubBroker:VirtualHost"] = hub.VirtualHost,
            ["Gateway:HubBroker:UseTls"] = "true",
            ["Gateway:HubBroker:ClientCertificatePath"] = hub.ClientCertificatePath,
            ["Gateway:HubBroker:ClientCertificatePassphrase"] = hub.ClientCertificatePassphrase,
            ["Gateway:HubBroker:CaCertificatePath"] = hub.CaCertificatePath,
            ["Gateway:Sharing:Countries:RU:0"] = "*",
            ["Gateway:Sharing:Countries:MY:0"] = "*",
            ["Gateway:Sharing:Countries:SG:0"] = "*",
        });
        builder.AddBrokerGateway();
        var app = builder.Build();
        app.MapBrokerGateway();
        await app.StartAsync(cancellationToken);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token);
            host.Dispose();
        }
    }
}
