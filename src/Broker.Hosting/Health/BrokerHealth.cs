using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting.Health;

/// <summary>
/// The one health mapping of every host (hub, gateway, web client). <c>/health/live</c> runs no check: it answers while the
/// process serves HTTP. <c>/health/ready</c> runs the checks tagged <see cref="ReadyTag"/> (AMQP connections, queue
/// consumers, stores, the MassTransit bus where there is one) and answers 503 while any is unhealthy. Both write JSON:
/// the overall status and, per check, its name, status and a description written to carry no secret.
/// </summary>
public static class BrokerHealth
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of a check that readiness includes (MassTransit tags its bus check the same way).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Per-probe log category of ASP.NET's health check service (one line per check per probe).</summary>
    internal const string ProbeLogCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>How long one store probe may take before readiness reports it as failed.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Health checks, the consumer check, and a publisher that evaluates readiness in the background and logs each
    /// check's change of state once (<see cref="HealthTransitionLogger"/>). The per-probe lines of ASP.NET's health check
    /// service are silenced unless configuration names that category: during an outage they repeat at every probe.
    /// Calling it again adds nothing.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerHealth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(static d => d.ServiceType == typeof(BrokerHealthRegistered)))
        {
            return builder;
        }

        builder.Services.AddSingleton<BrokerHealthRegistered>();
        if (builder.Configuration[$"Logging:LogLevel:{ProbeLogCategory}"] is null)
        {
            builder.Logging.AddFilter(ProbeLogCategory, LogLevel.None);
        }

        var services = builder.Services;
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "consumers", static sp => new ConsumerHealthCheck(sp.GetServices<IHostedService>()), HealthStatus.Unhealthy, [ReadyTag]));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthTransitionLogger>());
        services.Configure<HealthCheckPublisherOptions>(static options =>
        {
            options.Delay = TimeSpan.FromSeconds(2);
            options.Period = TimeSpan.FromSeconds(5);
            options.Predicate = static registration => registration.Tags.Contains(ReadyTag);
        });
        return builder;
    }

    /// <summary>
    /// A readiness check that opens a connection from <paramref name="connect"/> and runs <c>SELECT 1</c>; its failure
    /// says "<paramref name="store"/> does not answer" and the exception type.
    /// </summary>
    public static IHealthChecksBuilder AddStoreProbe(this IHealthChecksBuilder builder, string name, string store, Func<IServiceProvider, DbConnection> connect)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connect);
        return builder.Add(new HealthCheckRegistration(
            name, sp => new DatabaseHealthCheck(store, () => connect(sp), "SELECT 1"), HealthStatus.Unhealthy, [ReadyTag], ProbeTimeout));
    }

    /// <summary>Maps <see cref="LivePath"/> and <see cref="ReadyPath"/>, both anonymous (they carry no secret).</summary>
    public static IEndpointRouteBuilder MapBrokerHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = HealthResponse.WriteAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = static registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        });
        return endpoints;
    }

    /// <summary>Marks a service collection that <see cref="AddBrokerHealth"/> has already set up.</summary>
    private sealed class BrokerHealthRegistered;
}
