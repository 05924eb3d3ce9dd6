using Broker.Hosting.Rabbit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Tests;

/// <summary>The gateway host as Program.cs builds it (not started: no broker, no keys needed).</summary>
public class GatewayHostTests
{
    // The read API served every plaintext alert without authentication; it is gone, and its old setting brings nothing back.
    [Test]
    public async Task MapBrokerGateway_OldReadApiSettingOn_MapsOnlyHealth()
    {
        await using var app = Build(new() { ["Gateway:ReadApiEnabled"] = "true" });
        app.MapBrokerGateway();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(routes, Is.Not.Empty);
            Assert.That(routes, Has.None.StartsWith("/api"));
            Assert.That(routes, Has.All.StartsWith("/health"));
        }
    }

    [Test]
    public async Task AgencyBroker_OnlyAgencySet_VhostAndUserFromTheAgencyNames()
    {
        await using var app = Build([]);
        var options = app.Services.GetRequiredService<IOptionsMonitor<RabbitConnectionOptions>>().Get("agency");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.VirtualHost, Is.EqualTo(AgencyNames.VirtualHost("TH-ONCB")).And.EqualTo("agency.TH-ONCB"));
            Assert.That(options.UserName, Is.EqualTo(AgencyNames.GatewayUser("TH-ONCB")).And.EqualTo("TH-ONCB.gateway"));
            Assert.That(options.ClientName, Is.EqualTo("gateway-agency"));
        }
    }

    [Test]
    public async Task AgencyBroker_ExplicitSettings_Win()
    {
        await using var app = Build(new()
        {
            ["Gateway:AgencyBroker:VirtualHost"] = "test-1.agency.TH-ONCB",
            ["Gateway:AgencyBroker:UserName"] = "someone",
            ["Gateway:AgencyBroker:ClientName"] = "mine",
        });
        var options = app.Services.GetRequiredService<IOptionsMonitor<RabbitConnectionOptions>>().Get("agency");
        Assert.That((options.VirtualHost, options.UserName, options.ClientName), Is.EqualTo(("test-1.agency.TH-ONCB", "someone", "mine")));
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Agency"] = "TH-ONCB",
            ["Gateway:StorePath"] = "unused.db",
            ["Gateway:KeyFilePath"] = "unused.keys",
            ["Gateway:KeyPassphrase"] = "unused",
            ["Gateway:RegistryPath"] = "unused.cbor",
            ["Gateway:TrustAnchorPath"] = "unused.pub",
            ["Gateway:AgencyBroker:Password"] = "unused",
            ["Gateway:HubBroker:UserName"] = "unused",
            ["Gateway:HubBroker:Password"] = "unused",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBrokerGateway();
        return builder.Build();
    }
}
