using Broker.Audit.Query;
using Broker.Hosting.Configuration;
using Broker.Hosting.Rabbit;
using Broker.Hub.Audit;
using Broker.Hub.Auditor;
using Broker.Hub.Decisions;
using Broker.Hub.Ingress;
using Broker.Hub.Options;
using Broker.Hub.Policies;
using Broker.Hub.Replay;
using Broker.Hub.Routing;
using Broker.Hub.Telemetry;
using Broker.Hub.Trust;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Hosting;

public static class HubHostExtensions
{
    /// <summary>
    /// The routing core: validated options (sections Rabbit, Internal, Routing, Trust, ReplayCache, Decisions, AllowList,
    /// Resilience), the hub connection and confirmed publisher, the trust registry, the replay cache, the decision sink,
    /// the allow-list policy, the ingress consumer, metrics and health checks.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBrokerConfiguration();
        var services = builder.Services;
        services.AddValidatedOptions<RoutingOptions, RoutingOptionsValidator>(RoutingOptions.SectionName);
        services.AddValidatedOptions<TrustOptions, TrustOptionsValidator>(TrustOptions.SectionName);
        services.AddValidatedOptions<ReplayCacheOptions, ReplayCacheOptionsValidator>(ReplayCacheOptions.SectionName);
        services.AddValidatedOptions<DecisionOptions, DecisionOptionsValidator>(DecisionOptions.SectionName);
        services.AddOptions<AllowListOptions>().BindConfiguration(AllowListOptions.SectionName);
        services.AddRabbitConnection(HubServiceNames.HubConnection, "Rabbit");
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<HubMetrics>();

        services.AddSingleton<FileTrustRegistrySource>();
        services.AddSingleton<ITrustRegistrySource>(static sp => sp.GetRequiredService<FileTrustRegistrySource>());
        services.AddSingleton<IHubSigner>(static sp => sp.GetRequiredService<FileTrustRegistrySource>());
        services.AddSingleton<IReceiptSigner>(static sp => new BatchingReceiptSigner(sp.GetRequiredService<IHubSigner>()));
        AddPolicies(builder);
        services.AddSingleton<IReplayCache>(static sp => CreateReplayCache(sp.GetRequiredService<IOptions<ReplayCacheOptions>>().Value));
        services.AddHostedService<ReplayCachePurger>();
        AddDecisions(builder);
        AddAudit(builder);

        services.AddSingleton(static sp => new IngressRouter(
            sp.GetRequiredService<IOptions<RoutingOptions>>(), sp.GetRequiredService<ITrustRegistrySource>(), sp.GetRequiredService<IReceiptSigner>(),
            sp.GetRequiredService<IRoutingPolicy>(), sp.GetRequiredService<IReplayCache>(), sp.GetRequiredService<IDecisionRecorder>(),
            sp.GetRequiredKeyedService<IConfirmedPublisher>(HubServiceNames.HubConnection), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<HubMetrics>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<IngressRouter>>(), sp.GetRequiredService<IAuditTrail>()));
        services.AddHostedService<IngressConsumer>();
        builder.AddHubHealth();
        return builder;
    }

    private static IReplayCache CreateReplayCache(ReplayCacheOptions options) => options.Store switch
    {
        ReplayStoreKind.Sqlite => new SqliteReplayCache(options.SqlitePath),
        ReplayStoreKind.Postgres => new PostgresReplayCache(options.PostgresConnectionString
            ?? throw new InvalidOperationException("ReplayCache:PostgresConnectionString is required when ReplayCache:Store is Postgres.")),
        _ => throw new InvalidOperationException($"Unknown replay store '{options.Store}'."),
    };

    /// <summary>
    /// Signed per-country policies when <c>Policies:Directory</c> is set (the shipped configuration); otherwise the interim
    /// allow-list, which must then have pairs (tests that predate the policies). Neither fails startup.
    /// </summary>
    private static void AddPolicies(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var directory = builder.Configuration[$"{PolicyOptions.SectionName}:{nameof(PolicyOptions.Directory)}"];
        if (!string.IsNullOrWhiteSpace(directory))
        {
            services.AddValidatedOptions<PolicyOptions, PolicyOptionsValidator>(PolicyOptions.SectionName);
            services.AddSingleton<PolicyDirectorySource>();
            services.AddSingleton<IRoutingPolicy>(static sp =>
            {
                var source = sp.GetRequiredService<PolicyDirectorySource>();
                return new SignedPolicyRouting(() => source.Current);
            });
            return;
        }

        if (!builder.Configuration.GetSection($"{AllowListOptions.SectionName}:Pairs").GetChildren().Any())
        {
            throw new InvalidOperationException("Set Policies:Directory to the folder of signed sharing policies (or, for tests only, AllowList:Pairs).");
        }

        services.AddSingleton<IRoutingPolicy>(static sp => new AllowListPolicy(sp.GetRequiredService<IOptions<AllowListOptions>>()));
    }

    /// <summary>The audit log (Audit:Mode Direct, Bus or Off), its startup (registry and policies recorded) and the auditor API.</summary>
    private static void AddAudit(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(AuditOptions.SectionName);
        services.AddValidatedOptions<AuditorApiOptions, AuditorApiOptionsValidator>(AuditorApiOptions.SectionName);
        var options = builder.Configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
        var directory = builder.Configuration[$"{PolicyOptions.SectionName}:{nameof(PolicyOptions.Directory)}"];
        if (!string.IsNullOrWhiteSpace(directory) || options.Mode != AuditMode.Off)
        {
            // Registered before the ingress consumer, so hosted services start the log and load the policies first.
            services.AddHostedService<AuditStartup>();
        }

        if (options.Mode == AuditMode.Off)
        {
            services.AddSingleton<IAuditTrail>(NoAuditTrail.Instance);
            return;
        }

        services.AddSingleton<AuditLog>();
        services.AddSingleton(static sp => new AuditQueryService(sp.GetRequiredService<AuditLog>().Store));
        services.AddSingleton<AuditorAuthentication>();
        if (options.Mode == AuditMode.Direct)
        {
            services.AddSingleton<IAuditTrail, DirectAuditTrail>();
            return;
        }

        services.AddSingleton<IAuditTrail, BusAuditTrail>();
        var decisions = builder.Configuration.GetSection(DecisionOptions.SectionName).Get<DecisionOptions>() ?? new DecisionOptions();
        if (decisions.Sink != DecisionSink.Bus)
        {
            // With the Bus decision sink, AddDecisions already registered MassTransit and this consumer is added there.
            services.AddBrokerMassTransit("Internal", x => AddAuditConsumer(x, options));
        }
    }

    private static void AddAuditConsumer(MassTransit.IBusRegistrationConfigurator x, AuditOptions options)
    {
        if (options.Mode == AuditMode.Bus && options.RunSequencer)
        {
            x.AddConsumer<AuditSequencerConsumer>(typeof(AuditSequencerConsumerDefinition));
        }
    }

    private static void AddDecisions(IHostApplicationBuilder builder)
    {
        var audit = builder.Configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
        var options = builder.Configuration.GetSection(DecisionOptions.SectionName).Get<DecisionOptions>() ?? new DecisionOptions();
        var services = builder.Services;
        services.AddSingleton(static sp => new JsonLinesDecisionRecorder(sp.GetRequiredService<IOptions<DecisionOptions>>().Value.FilePath));
        if (options.Sink == DecisionSink.None)
        {
            services.AddSingleton<IDecisionRecorder>(NoDecisionRecorder.Instance);
            return;
        }

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

            AddAuditConsumer(x, audit);
        });
    }
}
