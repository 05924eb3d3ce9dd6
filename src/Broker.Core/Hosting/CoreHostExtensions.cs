using Broker.Core.Decisions;
using Broker.Core.Ingress;
using Broker.Core.Options;
using Broker.Core.Replay;
using Broker.Core.Routing;
using Broker.Core.Telemetry;
using Broker.Core.Trust;
using Broker.Hosting.Configuration;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Broker.Core.Hosting;

public static class CoreHostExtensions
{
    /// <summary>
    /// The routing core: validated options (sections Rabbit, Internal, Routing, Trust, ReplayCache, Decisions, AllowList,
    /// Resilience), the hub connection and confirmed publisher, the trust registry, the replay cache, the decision sink,
    /// the allow-list policy, the ingress consumer, metrics and health checks.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBrokerConfiguration();
        var services = builder.Services;
        services.AddValidatedOptions<RoutingOptions, RoutingOptionsValidator>(RoutingOptions.SectionName);
        services.AddValidatedOptions<TrustOptions, TrustOptionsValidator>(TrustOptions.SectionName);
        services.AddValidatedOptions<ReplayCacheOptions, ReplayCacheOptionsValidator>(ReplayCacheOptions.SectionName);
        services.AddValidatedOptions<DecisionOptions, DecisionOptionsValidator>(DecisionOptions.SectionName);
        services.AddOptions<AllowListOptions>().BindConfiguration(AllowListOptions.SectionName);
        services.AddRabbitConnection(CoreServiceNames.HubConnection, "Rabbit");
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CoreMetrics>();

        services.AddSingleton<FileTrustRegistrySource>();
        services.AddSingleton<ITrustRegistrySource>(static sp => sp.GetRequiredService<FileTrustRegistrySource>());
        services.AddSingleton<IHubSigner>(static sp => sp.GetRequiredService<FileTrustRegistrySource>());
        services.AddSingleton<IReceiptSigner>(static sp => new BatchingReceiptSigner(sp.GetRequiredService<IHubSigner>()));
        services.AddSingleton<IRoutingPolicy>(static sp => new AllowListPolicy(sp.GetRequiredService<IOptions<AllowListOptions>>()));
        services.AddSingleton<IReplayCache>(static sp => CreateReplayCache(sp.GetRequiredService<IOptions<ReplayCacheOptions>>().Value));
        services.AddHostedService<ReplayCachePurger>();
        AddDecisions(builder);

        services.AddSingleton(static sp => new IngressRouter(
            sp.GetRequiredService<IOptions<RoutingOptions>>(), sp.GetRequiredService<ITrustRegistrySource>(), sp.GetRequiredService<IReceiptSigner>(),
            sp.GetRequiredService<IRoutingPolicy>(), sp.GetRequiredService<IReplayCache>(), sp.GetRequiredService<IDecisionRecorder>(),
            sp.GetRequiredKeyedService<IConfirmedPublisher>(CoreServiceNames.HubConnection), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CoreMetrics>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<IngressRouter>>()));
        services.AddHostedService<IngressConsumer>();
        return builder;
    }

    private static IReplayCache CreateReplayCache(ReplayCacheOptions options) => options.Store switch
    {
        ReplayStoreKind.Sqlite => new SqliteReplayCache(options.SqlitePath),
        ReplayStoreKind.Postgres => new PostgresReplayCache(options.PostgresConnectionString
            ?? throw new InvalidOperationException("ReplayCache:PostgresConnectionString is required when ReplayCache:Store is Postgres.")),
        _ => throw new InvalidOperationException($"Unknown replay store '{options.Store}'."),
    };

    private static void AddDecisions(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DecisionOptions.SectionName).Get<DecisionOptions>() ?? new DecisionOptions();
        var services = builder.Services;
        services.AddSingleton(static sp => new JsonLinesDecisionRecorder(sp.GetRequiredService<IOptions<DecisionOptions>>().Value.FilePath));
        if (options.Sink == DecisionSink.File)
        {
            services.AddSingleton<IDecisionRecorder>(static sp => sp.GetRequiredService<JsonLinesDecisionRecorder>());
            return;
        }

        services.AddSingleton(static sp => new DecisionSequencerSink(sp.GetRequiredService<JsonLinesDecisionRecorder>()));
        services.AddSingleton<IDecisionRecorder, BusDecisionRecorder>();
        services.AddBrokerMassTransit("Internal", x =>
        {
            if (options.RunSequencer)
            {
                x.AddConsumer<DecisionSequencerConsumer>(typeof(DecisionSequencerConsumerDefinition));
            }
        });
    }
}
