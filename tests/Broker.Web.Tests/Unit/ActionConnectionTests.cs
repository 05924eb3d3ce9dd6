using Broker.Hosting.Rabbit;
using Broker.Web.Alerts;
using Broker.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broker.Web.Tests.Unit;

/// <summary>The connection actions go out on: bound to <see cref="RabbitConnectionOptions"/> and built by the shared builder.</summary>
public sealed class ActionConnectionTests
{
    [Test]
    public async Task Options_DemoSettings_AgencyVhostSystemUserAndRecovery()
    {
        // What deploy/demo.sh writes: the agency, the port and the password only.
        await using var app = Build(new() { ["Web:Rabbit:Port"] = "5702" });
        var options = Options(app);
        var factory = RabbitConnectionFactoryBuilder.Build(options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.VirtualHost, Is.EqualTo("agency.RU-MVD"));
            Assert.That(options.UserName, Is.EqualTo("RU-MVD.system"));
            Assert.That(options.Port, Is.EqualTo(5702));
            Assert.That(factory.ClientProvidedName, Is.EqualTo("broker-web"));
            Assert.That(factory.AutomaticRecoveryEnabled, Is.True);
            Assert.That(factory.Ssl.Enabled, Is.False);
        }
    }

    [Test]
    public async Task Options_TlsAndExplicitNames_BoundAndWin()
    {
        await using var app = Build(new()
        {
            ["Web:Rabbit:UseTls"] = "true",
            ["Web:Rabbit:Port"] = "5671",
            ["Web:Rabbit:ServerName"] = "broker.example",
            ["Web:Rabbit:VirtualHost"] = "test-1.agency.RU-MVD",
            ["Web:Rabbit:UserName"] = "RU-MVD.officers",
        });
        var options = Options(app);
        var factory = RabbitConnectionFactoryBuilder.Build(options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((options.VirtualHost, options.UserName), Is.EqualTo(("test-1.agency.RU-MVD", "RU-MVD.officers")));
            Assert.That(factory.Ssl.Enabled, Is.True);
            Assert.That(factory.Ssl.ServerName, Is.EqualTo("broker.example"));
            Assert.That(factory.Port, Is.EqualTo(5671));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Start_WithoutPassword_RefusedAtStartup(CancellationToken cancellationToken)
    {
        await using var app = Build(new() { ["Web:Rabbit:Password"] = null });
        var refused = Assert.ThrowsAsync<OptionsValidationException>(async () => await app.StartAsync(cancellationToken));
        Assert.That(refused!.Message, Does.Contain("Password"));
    }

    private static RabbitConnectionOptions Options(WebApplication app) =>
        app.Services.GetRequiredService<IOptionsMonitor<RabbitConnectionOptions>>().Get(ActionPublisher.ConnectionName);

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"web-conn-{Guid.NewGuid():N}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Web:Agency"] = "RU-MVD",
            ["Web:GatewayStorePath"] = Path.Combine(folder, "gateway.db"),
            ["Web:AccountsPath"] = Path.Combine(folder, "accounts.db"),
            ["Web:Rabbit:Password"] = "secret",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBrokerWeb();
        return builder.Build();
    }
}
