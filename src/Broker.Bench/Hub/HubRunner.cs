using System.Globalization;
using Broker.Bench.World;
using Broker.Hub.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Bench.Hub;

/// <summary>
/// The real hub (AddBrokerHub) in this process, configured as deployed, on a world's trust files, with fresh envelope claims
/// and audit log in the same scratch directory for every start.
/// </summary>
internal static class HubRunner
{
    public static async Task<IHost> StartAsync(NodeSettings settings, TrustFiles files, ushort concurrency, ushort prefetch, bool audit, CancellationToken cancellationToken)
    {
        var hub = settings.HubCore("bench-hub");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = files.Directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rabbit:HostName"] = hub.HostName,
            ["Rabbit:Port"] = hub.Port.ToString(CultureInfo.InvariantCulture),
            ["Rabbit:VirtualHost"] = hub.VirtualHost,
            ["Rabbit:UserName"] = hub.UserName,
            ["Rabbit:Password"] = hub.Password,
            ["Rabbit:ClientName"] = hub.ClientName,
            ["Routing:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["Routing:Prefetch"] = prefetch.ToString(CultureInfo.InvariantCulture),
            ["Routing:InstanceId"] = "bench",
            ["Trust:RegistryPath"] = files.Registry,
            ["Trust:TrustAnchorPath"] = files.Anchor,
            ["Trust:HubSigningKeyPath"] = files.HubSeed,
            ["Trust:ReloadOnChange"] = "false",
            ["EnvelopeClaims:SqlitePath"] = Path.Combine(files.Directory, $"claims-{Guid.NewGuid():N}.db"),
            // As deployed (appsettings.json): signed policies decide, the audit log records and proves. --no-audit: the
            // benchmark-only mode that skips the append, to measure what the log costs.
            ["Policies:Directory"] = files.Policies,
            ["Policies:Watch"] = "false",
            ["Audit:Mode"] = audit ? "Direct" : "Off",
            ["Audit:SqlitePath"] = Path.Combine(files.Directory, $"audit-{Guid.NewGuid():N}.db"),
            ["AuditorApi:Enabled"] = "false",
        });
        // BROKER_BENCH_HUB_<section>__<key> overrides any of these (for example BROKER_BENCH_HUB_Routing__Concurrency).
        builder.Configuration.AddEnvironmentVariables("BROKER_BENCH_HUB_");
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddBrokerHub();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
