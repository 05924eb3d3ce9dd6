using System.Globalization;
using Broker.Hub.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Bench.Hub;

/// <summary>
/// The real routing core (AddBrokerHub) in this process, configured as deployed, with a fresh replay cache and audit log in a
/// scratch directory for every start.
/// </summary>
internal static class HubRunner
{
    public static Task<IHost> StartAsync(BenchSettings settings, string directory, ushort concurrency, ushort prefetch, CancellationToken cancellationToken) =>
        StartAsync(settings, directory, concurrency, prefetch, audit: true, cancellationToken);

    public static async Task<IHost> StartAsync(BenchSettings settings, string directory, ushort concurrency, ushort prefetch, bool audit, CancellationToken cancellationToken)
    {
        var hub = settings.HubCore("bench-hub");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
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
            ["Trust:RegistryPath"] = Path.Combine(directory, "registry.cbor"),
            ["Trust:TrustAnchorPath"] = Path.Combine(directory, "anchor.pub"),
            ["Trust:HubSigningKeyPath"] = Path.Combine(directory, "hub.seed"),
            ["Trust:ReloadOnChange"] = "false",
            ["ReplayCache:SqlitePath"] = Path.Combine(directory, $"replay-{Guid.NewGuid():N}.db"),
            // As deployed (appsettings.json): signed policies decide, the audit log records and proves.
            ["Policies:Directory"] = Path.Combine(directory, "policies"),
            ["Policies:ReloadOnChange"] = "false",
            ["Audit:Mode"] = audit ? "Direct" : "Off",
            ["Audit:SqlitePath"] = Path.Combine(directory, $"audit-{Guid.NewGuid():N}.db"),
            // Without the audit log the hub keeps the plain append-only decision file instead, so decisions are still recorded.
            ["Decisions:Sink"] = audit ? "None" : "File",
            ["Decisions:FilePath"] = Path.Combine(directory, $"decisions-{Guid.NewGuid():N}.jsonl"),
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
