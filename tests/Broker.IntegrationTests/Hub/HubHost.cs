using Broker.Hosting.Health;
using Broker.Hub.Hosting;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.IntegrationTests.Hub;

/// <summary>
/// One hub instance in this process, configured like the real one (AddBrokerHub) against a sandbox vhost: signed policies from a
/// folder (rescanned every second), the audit log in Direct mode in its own file per instance, and one auditor account.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private HubHost(IHost host) => _host = host;

    /// <summary>The host's services (the policy source, the audit log) for tests that observe them.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>With <c>web</c>, the Kestrel base address (auditor API, health), else null.</summary>
    public Uri? BaseAddress { get; private init; }

    public const string AuditorToken = "integration-auditor-token-5b1c";

    /// <summary>The audit log file of <paramref name="instance"/>.</summary>
    public static string AuditPath(string workDirectory, string instance) => Path.Combine(workDirectory, $"hub-{instance}-audit.db");

    public static async Task<HubHost> StartAsync(string virtualHost, string workDirectory, string instance, string policyFolder,
        CancellationToken cancellationToken, int maxEnvelopeBytes = 1024 * 1024, IDictionary<string, string?>? extra = null, bool web = false,
        ILoggerProvider? logs = null)
    {
        var env = RabbitMqEnvironment.Current;
        var settings = new Dictionary<string, string?>
        {
            ["Rabbit:HostName"] = env.Host,
            ["Rabbit:Port"] = env.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Rabbit:VirtualHost"] = virtualHost,
            ["Rabbit:UserName"] = "hub-core",
            ["Rabbit:Password"] = env.PasswordFor("hub-core"),
            ["Rabbit:ClientName"] = "core-test-" + instance,
            ["Routing:InstanceId"] = instance,
            ["Routing:MaxEnvelopeBytes"] = maxEnvelopeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Routing:Concurrency"] = "4",
            ["Trust:RegistryPath"] = Path.Combine(workDirectory, "registry.cbor"),
            ["Trust:TrustAnchorPath"] = new NetworkFiles(workDirectory).AnchorPath,
            ["Trust:HubSigningKeyPath"] = new NetworkFiles(workDirectory).HubKeyPath,
            ["Trust:ReloadOnChange"] = "false",
            ["EnvelopeClaims:SqlitePath"] = Path.Combine(workDirectory, "claims.db"),
            ["Policies:Directory"] = policyFolder,
            ["Policies:RescanSeconds"] = "1",
            ["Audit:SqlitePath"] = AuditPath(workDirectory, instance),
            ["Audit:TreeHeadIntervalSeconds"] = "0",
            ["AuditorApi:Accounts:0:Name"] = "oversight",
            ["AuditorApi:Accounts:0:TokenSha256"] = Broker.Hub.Auditor.AuditorAuthentication.HashToken(AuditorToken),
            ["Resilience:MaxRetryAttempts"] = "3",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (web)
        {
            settings["Urls"] = "http://127.0.0.1:0";
            var webBuilder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions { ContentRootPath = workDirectory });
            webBuilder.Configuration.AddInMemoryCollection(settings);
            webBuilder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            if (logs is not null)
            {
                webBuilder.Logging.AddProvider(logs);
                webBuilder.Logging.AddFilter((provider, _, level) => level >= LogLevel.Warning || provider == logs.GetType().FullName); // Everything to the test's provider.
            }

            webBuilder.AddBrokerHub();
            var app = webBuilder.Build();
            app.MapBrokerHealth();
            Broker.Hub.Auditor.AuditorEndpoints.MapAuditorApi(app);
            await app.StartAsync(cancellationToken);
            return new HubHost(app) { BaseAddress = new Uri(app.Urls.First()) };
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = workDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter((provider, _, level) => level >= LogLevel.Warning || provider == logs.GetType().FullName); // Everything to the test's provider.
        }

        builder.AddBrokerHub();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new HubHost(host);
    }

    /// <summary>Stops at once: in-flight messages are cancelled and left unacked, so the broker redelivers them.</summary>
    public async Task KillAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync(new CancellationToken(canceled: true));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(timeout.Token);
        }

        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
