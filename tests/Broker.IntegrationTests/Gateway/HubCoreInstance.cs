using Broker.Hub.Hosting;
using Broker.Testing.Policies;
using Broker.Testing.RabbitMq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// The hub in process on the sandbox hub vhost, configured as shipped (signed policies, audit log), its policies the open test
/// policy narrowed to the given pairs (<see cref="OpenPolicies.Pairs"/>).
/// </summary>
internal sealed class HubCoreInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubCoreInstance(WebApplication app) => _app = app;

    public static async Task<HubCoreInstance> StartAsync(IEnumerable<string> pairs, CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        var network = GatewaySetUp.Network;
        var run = Path.Combine(network.Directory, $"core-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Rabbit:HostName"] = env.Host,
            ["Rabbit:Port"] = env.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Rabbit:VirtualHost"] = GatewaySetUp.Sandbox.Hub,
            ["Rabbit:UserName"] = "hub-core",
            ["Rabbit:Password"] = env.PasswordFor("hub-core"),
            ["Trust:RegistryPath"] = network.RegistryPath,
            ["Trust:TrustAnchorPath"] = network.AnchorPath,
            ["Trust:HubSigningKeyPath"] = network.HubKeyPath,
            ["Trust:ReloadOnChange"] = "false",
            ["EnvelopeClaims:SqlitePath"] = Path.Combine(run, "claims.db"),
            ["Policies:Directory"] = OpenPolicies.WriteFolder(Path.Combine(run, "policies"), GatewayNetwork.Countries, OpenPolicies.Pairs(pairs)),
            ["Audit:SqlitePath"] = Path.Combine(run, "audit.db"),
        };

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = network.Directory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBrokerHub();
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        return new HubCoreInstance(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
