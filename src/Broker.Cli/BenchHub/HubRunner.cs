using System.Globalization;
using Broker.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Cli.BenchHub;

/// <summary>The real routing core (AddBrokerCore) in this process, with a fresh replay cache and decision file in a scratch directory.</summary>
internal static class HubRunner
{
    public static async Task<IHost> StartAsync(BenchSettings settings, string directory, ushort concurrency, ushort prefetch, CancellationToken cancellationToken)
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
            ["Decisions:FilePath"] = Path.Combine(directory, "decisions.jsonl"),
            ["AllowList:Pairs:0"] = "TH-ONCB<->RU-MVD",
            ["AllowList:Pairs:1"] = "TH-ONCB<->MY-PDRM",
            ["AllowList:Pairs:2"] = "TH-ONCB<->SG-CNB",
        });
        // BROKER_BENCH_HUB_Audit__Mode=Direct (and Audit__SqlitePath, Decisions__Sink=None) measures the hub with its audit log.
        builder.Configuration.AddEnvironmentVariables("BROKER_BENCH_HUB_");
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddBrokerCore();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
