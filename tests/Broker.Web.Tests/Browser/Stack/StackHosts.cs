using System.Globalization;
using Broker.Gateway;
using Broker.Hosting.Rabbit;
using Broker.Hub.Hosting;
using Broker.Testing.RabbitMq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Broker.Web.Tests.Browser.Stack;

/// <summary>Starts the hub and the gateways in process, configured as in tests/Broker.IntegrationTests/Gateway.</summary>
internal static class StackHosts
{
    public static async Task<IAsyncDisposable> StartHubAsync(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        var keys = StackSetUp.Keys;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = keys.Directory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Rabbit:HostName"] = env.Host,
            ["Rabbit:Port"] = env.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["Rabbit:VirtualHost"] = StackSetUp.Sandbox.Hub,
            ["Rabbit:UserName"] = "hub-core",
            ["Rabbit:Password"] = env.PasswordFor("hub-core"),
            ["Trust:RegistryPath"] = keys.RegistryPath,
            ["Trust:TrustAnchorPath"] = keys.AnchorPath,
            ["Trust:HubSigningKeyPath"] = keys.HubKeyPath,
            ["Trust:ReloadOnChange"] = "false",
            ["EnvelopeClaims:SqlitePath"] = Path.Combine(keys.Directory, "core", "claims.db"),
            ["Policies:Directory"] = keys.PolicyDirectory,
            ["Audit:SqlitePath"] = Path.Combine(keys.Directory, "core", "audit.db"),
        });
        builder.AddBrokerHub();
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        return app;
    }

    public static async Task<(IAsyncDisposable Host, string StorePath)> StartGatewayAsync(string agency, CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        var keys = StackSetUp.Keys;
        var sandbox = StackSetUp.Sandbox;
        var storePath = Path.Combine(keys.Directory, $"{agency}-gateway.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = keys.Directory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Gateway:Agency"] = agency,
            ["Gateway:StorePath"] = storePath,
            ["Gateway:KeyFilePath"] = keys.KeyFilePath(agency),
            ["Gateway:KeyPassphrase"] = KeySet.Passphrase(agency),
            ["Gateway:RegistryPath"] = keys.RegistryPath,
            ["Gateway:Policies:Directory"] = keys.PolicyDirectory,
            ["Gateway:TrustAnchorPath"] = keys.AnchorPath,
            ["Gateway:DrainIntervalMilliseconds"] = "200",
            ["Gateway:RetryBaseMilliseconds"] = "200",
            ["Gateway:RetryMaxMilliseconds"] = "1000",
            ["Gateway:AgencyBroker:HostName"] = env.Host,
            ["Gateway:AgencyBroker:Port"] = env.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:AgencyBroker:VirtualHost"] = sandbox.Agency(agency),
            ["Gateway:AgencyBroker:UserName"] = AgencyNames.GatewayUser(agency),
            ["Gateway:AgencyBroker:Password"] = env.PasswordFor(AgencyNames.GatewayUser(agency)),
            ["Gateway:AgencyBroker:RecoveryIntervalSeconds"] = "1",
            ["Gateway:HubBroker:HostName"] = env.Host,
            ["Gateway:HubBroker:Port"] = env.AmqpsPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:HubBroker:VirtualHost"] = sandbox.Hub,
            ["Gateway:HubBroker:UseTls"] = "true",
            ["Gateway:HubBroker:ClientCertificatePath"] = env.ClientCertificatePath(agency, "p12"),
            ["Gateway:HubBroker:ClientCertificatePassphrase"] = env.P12Password,
            ["Gateway:HubBroker:CaCertificatePath"] = env.CaCertificatePath,
            ["Gateway:HubBroker:RecoveryIntervalSeconds"] = "1",
            ["Gateway:Sharing:Countries:RU:0"] = "*",
            ["Gateway:Sharing:Countries:TH:0"] = "*",
            ["Resilience:MaxRetryAttempts"] = "1",
            ["Resilience:BaseDelayMilliseconds"] = "100",
            ["Resilience:AttemptTimeoutSeconds"] = "5",
        });
        builder.AddBrokerGateway();
        var app = builder.Build();
        app.MapBrokerGateway();
        await app.StartAsync(cancellationToken);
        return (app, storePath);
    }
}
