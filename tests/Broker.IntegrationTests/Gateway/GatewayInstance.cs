using Broker.Gateway;
using Broker.Hosting.Rabbit;
using Broker.Testing.RabbitMq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Broker.IntegrationTests.Gateway;

/// <summary>One agency's gateway host, in process, wired to the sandbox vhosts exactly as production config would wire it.</summary>
internal sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayInstance(WebApplication app, string storePath)
    {
        _app = app;
        StorePath = storePath;
    }

    public string StorePath { get; }

    /// <summary>The Kestrel base address (health endpoints, read API).</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<GatewayInstance> StartAsync(string agency, string? storePath = null, string? policyDirectory = null, CancellationToken cancellationToken = default)
    {
        var env = RabbitMqEnvironment.Current;
        var network = GatewaySetUp.Network;
        var sandbox = GatewaySetUp.Sandbox;
        storePath ??= Path.Combine(network.Directory, $"{agency}-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = network.Directory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Gateway:Agency"] = agency,
            ["Gateway:StorePath"] = storePath,
            ["Gateway:KeyFilePath"] = network.KeyFilePath(agency),
            ["Gateway:KeyPassphrase"] = GatewayNetwork.Passphrase(agency),
            ["Gateway:RegistryPath"] = network.RegistryPath,
            ["Gateway:TrustAnchorPath"] = network.AnchorPath,
            ["Gateway:DrainIntervalMilliseconds"] = "200",
            ["Gateway:RetryBaseMilliseconds"] = "200",
            ["Gateway:RetryMaxMilliseconds"] = "1000",
            ["Gateway:AgencyBroker:HostName"] = env.Host,
            ["Gateway:AgencyBroker:Port"] = env.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:AgencyBroker:VirtualHost"] = sandbox.Agency(agency),
            // No UserName: the gateway defaults to AgencyNames.GatewayUser(agency), as in the demo's configuration.
            ["Gateway:AgencyBroker:Password"] = env.PasswordFor(AgencyNames.GatewayUser(agency)),
            ["Gateway:AgencyBroker:RecoveryIntervalSeconds"] = "1",
            ["Gateway:HubBroker:HostName"] = env.Host,
            ["Gateway:HubBroker:Port"] = env.AmqpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:HubBroker:VirtualHost"] = sandbox.Hub,
            ["Gateway:HubBroker:UseTls"] = "true",
            ["Gateway:HubBroker:ClientCertificatePath"] = env.ClientCertificatePath(agency, "p12"),
            ["Gateway:HubBroker:ClientCertificatePassphrase"] = env.P12Password,
            ["Gateway:HubBroker:CaCertificatePath"] = env.CaCertificatePath,
            ["Gateway:HubBroker:RecoveryIntervalSeconds"] = "1",
            ["Gateway:Policies:Directory"] = policyDirectory ?? network.PolicyDirectory,
            ["Gateway:Policies:RescanSeconds"] = "5",
            ["Resilience:MaxRetryAttempts"] = "1",
            ["Resilience:BaseDelayMilliseconds"] = "100",
            ["Resilience:AttemptTimeoutSeconds"] = "5",
        });
        builder.AddBrokerGateway();
        var app = builder.Build();
        app.MapBrokerGateway();
        await app.StartAsync(cancellationToken);
        return new GatewayInstance(app, storePath);
    }

    /// <summary>Stops without waiting for in-flight work: unacked deliveries go back to their queues, as after a crash.</summary>
    public async Task KillAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await _app.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected: the stop was not allowed to wait.
        }

        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
