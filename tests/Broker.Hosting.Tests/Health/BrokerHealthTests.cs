using System.Net;
using System.Text.Json;
using Broker.Hosting.Health;
using Broker.Testing.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting.Tests.Health;

/// <summary>
/// Broker.Hosting's one health mapping (hub, gateways, web client): live runs no check, ready runs the dependency checks
/// and answers 503 with each check's status and description, no exception text; state changes are logged once.
/// </summary>
public sealed class BrokerHealthTests
{
    private const string Secret = "password=hunter2@db.internal";

    [Test, CancelAfter(30_000)]
    public async Task Ready_OneDependencyDown_503WithEveryCheckStatusAndDescriptionButNoExceptionText(CancellationToken cancellationToken)
    {
        await using var host = await HealthHost.StartAsync(checks => checks
            .AddCheck("store", () => HealthCheckResult.Healthy("the store answers"), [BrokerHealth.ReadyTag])
            .AddCheck("amqp-test", () => HealthCheckResult.Unhealthy("AMQP connection test is closed", new InvalidOperationException(Secret)), [BrokerHealth.ReadyTag])
            .AddCheck("bus", () => HealthCheckResult.Degraded("Not ready: rabbitmq://db.internal:5672/hub-internal/audit-sequencer faulted"), [BrokerHealth.ReadyTag])
            .AddCheck("not-for-readiness", () => HealthCheckResult.Unhealthy("never asked"), ["other"]), cancellationToken);

        var (status, body, report) = await host.GetAsync(BrokerHealth.ReadyPath, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(report.Status, Is.EqualTo("Unhealthy"));
            Assert.That(report.Checks.Select(c => (c.Name, c.Status)), Is.EquivalentTo(new[]
            {
                ("amqp-test", "Unhealthy"), ("bus", "Degraded"), ("consumers", "Healthy"), ("store", "Healthy"),
            }), "every readiness check, and only those");
            Assert.That(report.Checks.Single(c => c.Name == "amqp-test").Description, Is.EqualTo("AMQP connection test is closed"));
            Assert.That(report.Checks.Single(c => c.Name == "bus").Description, Is.EqualTo("Not ready: audit-sequencer faulted"), "an address shows its last segment only");
            Assert.That(body, Does.Not.Contain("hunter2").And.Not.Contain("db.internal"));
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task Live_DependencyDown_200WithoutRunningAnyCheck(CancellationToken cancellationToken)
    {
        var runs = 0;
        await using var host = await HealthHost.StartAsync(checks => checks.AddCheck("amqp-test", () =>
        {
            Interlocked.Increment(ref runs);
            return HealthCheckResult.Unhealthy("AMQP connection test is closed");
        }, [BrokerHealth.ReadyTag]), cancellationToken);

        var (status, _, report) = await host.GetAsync(BrokerHealth.LivePath, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(report.Status, Is.EqualTo("Healthy"));
            Assert.That(report.Checks, Is.Empty);
            Assert.That(runs, Is.Zero, "the process is up whatever its dependencies say");
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task Ready_CheckThrows_DescriptionNamesTheExceptionTypeOnly(CancellationToken cancellationToken)
    {
        await using var host = await HealthHost.StartAsync(
            checks => checks.AddCheck("thrower", () => throw new InvalidOperationException(Secret), [BrokerHealth.ReadyTag]), cancellationToken);

        var (status, body, report) = await host.GetAsync(BrokerHealth.ReadyPath, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(report.Checks.Single(c => c.Name == "thrower").Description, Is.EqualTo("the check failed with InvalidOperationException"));
            Assert.That(body, Does.Not.Contain("hunter2"));
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task Outage_ManyProbesThenRecovery_NoLinePerProbeAndOneLineForEachChangeSayingWhatFailed(CancellationToken cancellationToken)
    {
        var down = true;
        var logs = new CollectingLoggerProvider();
        await using var host = await HealthHost.StartAsync(
            checks => checks.AddCheck("amqp-test", () => down ? HealthCheckResult.Unhealthy("AMQP connection test is closed") : HealthCheckResult.Healthy("open"), [BrokerHealth.ReadyTag]),
            cancellationToken, logs);
        var service = host.Services.GetRequiredService<HealthCheckService>();
        var publishers = host.Services.GetServices<IHealthCheckPublisher>().ToList();

        async Task ProbeAndPublishAsync()
        {
            await host.GetAsync(BrokerHealth.ReadyPath, cancellationToken);
            var report = await service.CheckHealthAsync(r => r.Tags.Contains(BrokerHealth.ReadyTag), cancellationToken);
            foreach (var publisher in publishers)
            {
                await publisher.PublishAsync(report, cancellationToken);
            }
        }

        for (var i = 0; i < 5; i++)
        {
            await ProbeAndPublishAsync();
        }

        down = false;
        for (var i = 0; i < 3; i++)
        {
            await ProbeAndPublishAsync();
        }

        var transitions = logs.Entries.Where(e => e.EventName is "HealthCheckFailing" or "HealthCheckRecovered").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(logs.Entries.Where(e => e.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", StringComparison.Ordinal)), Is.Empty,
                "no line per check per probe");
            Assert.That(transitions.Select(t => (t.EventName, t.Level)), Is.EqualTo(new[]
            {
                ("HealthCheckFailing", LogLevel.Warning), ("HealthCheckRecovered", LogLevel.Information),
            }));
            Assert.That(transitions[0].Message, Is.EqualTo("Health check amqp-test is Unhealthy: AMQP connection test is closed"));
        }
    }

    internal sealed record Report(string Status, IReadOnlyList<CheckEntry> Checks);

    internal sealed record CheckEntry(string Name, string Status, string Description);

    /// <summary>A bare web host with Broker.Hosting's health registration and mapping, and the checks a test adds.</summary>
    private sealed class HealthHost(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public IServiceProvider Services => app.Services;

        public static async Task<HealthHost> StartAsync(Action<IHealthChecksBuilder> checks, CancellationToken cancellationToken, ILoggerProvider? logs = null)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            builder.AddBrokerHealth();
            // The background publisher stays out of the way: the test publishes reports itself.
            builder.Services.Configure<HealthCheckPublisherOptions>(o => o.Delay = TimeSpan.FromHours(1));
            checks(builder.Services.AddHealthChecks());
            var app = builder.Build();
            app.MapBrokerHealth();
            await app.StartAsync(cancellationToken);
            return new HealthHost(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
        }

        public async Task<(HttpStatusCode Status, string Body, Report Report)> GetAsync(string path, CancellationToken cancellationToken)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            return (response.StatusCode, body, JsonSerializer.Deserialize<Report>(body, Json)!);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
