using Broker.Audit.Query;
using Broker.Hosting.Configuration;
using Broker.Hosting.Policies;
using Broker.Hub.Audit;
using Broker.Hub.Auditor;
using Broker.Hub.Claims;
using Broker.Hub.Ingress;
using Broker.Hub.Options;
using Broker.Hub.Policies;
using Broker.Hub.Routing;
using Broker.Hub.Telemetry;
using Broker.Hub.Trust;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Hosting;

public static class HubHostExtensions
{
    /// <summary>The section of the hub's policy folder (<see cref="PolicyFolderOptions"/>).</summary>
    public const string PoliciesSection = "Policies";

    /// <summary>
    /// The hub: validated options (sections Rabbit, Internal, Routing, Trust, EnvelopeClaims, Policies, Audit, AuditorApi,
    /// Resilience), the hub connection and confirmed publisher, the trust registry, the signed sharing policies, the envelope
    /// claims, the audit log, the ingress pipeline and its consumer, metrics and health checks.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBrokerConfiguration();
        var services = builder.Services;
        services.AddValidatedOptions<RoutingOptions, RoutingOptionsValidator>(RoutingOptions.SectionName);
        services.AddValidatedOptions<TrustOptions, TrustOptionsValidator>(TrustOptions.SectionName);
        services.AddValidatedOptions<EnvelopeClaimsOptions, EnvelopeClaimsOptionsValidator>(EnvelopeClaimsOptions.SectionName);
        services.AddRabbitConnection(HubServiceNames.HubConnection, "Rabbit");
        services.AddSingleton<IValidateOptions<RoutingOptions>>(static sp =>
            new FrameBoundsValidator(sp.GetRequiredService<IOptionsMonitor<global::Broker.Hosting.Rabbit.RabbitConnectionOptions>>(), HubServiceNames.HubConnection));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<HubMetrics>();

        services.AddSingleton<FileTrustRegistrySource>();
        services.AddSingleton<ITrustRegistrySource>(static sp => sp.GetRequiredService<FileTrustRegistrySource>());
        services.AddSingleton<IHubSigner>(static sp => sp.GetRequiredService<FileTrustRegistrySource>());
        services.AddSingleton<IReceiptSigner>(static sp => new BatchingReceiptSigner(sp.GetRequiredService<IHubSigner>()));
        AddPolicies(services);
        services.AddSingleton<IEnvelopeClaims>(static sp => CreateEnvelopeClaims(sp.GetRequiredService<IOptions<EnvelopeClaimsOptions>>().Value));
        services.AddHostedService<EnvelopeClaimsPurger>();
        AddAudit(builder);

        services.AddIngressPipeline();
        services.AddHostedService<IngressConsumer>();
        builder.AddHubHealth();
        return builder;
    }

    private static IEnvelopeClaims CreateEnvelopeClaims(EnvelopeClaimsOptions options) => options.Store switch
    {
        ClaimStoreKind.Sqlite => new SqliteEnvelopeClaims(options.SqlitePath),
        ClaimStoreKind.Postgres => new PostgresEnvelopeClaims(options.PostgresConnectionString
            ?? throw new InvalidOperationException("EnvelopeClaims:PostgresConnectionString is required when EnvelopeClaims:Store is Postgres.")),
        _ => throw new InvalidOperationException($"Unknown envelope claims store '{options.Store}'."),
    };

    /// <summary>
    /// The signed per-country sharing policies from <c>Policies:Directory</c> (required: an empty or missing folder fails startup),
    /// verified against the registry in force; AuditStartup loads them once the audit log can record each accepted version.
    /// </summary>
    private static void AddPolicies(IServiceCollection services)
    {
        services.AddPolicyFolderOptions(PoliciesSection);
        services.AddSingleton(static sp => new PolicyFolder(WithStatePath(sp.GetRequiredService<IOptions<PolicyFolderOptions>>().Value, sp.GetRequiredService<IOptions<AuditOptions>>().Value),
            new CurrentRegistryPolicyVerifier(sp.GetRequiredService<ITrustRegistrySource>()), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PolicyFolder>>()));
        services.AddSingleton<IRoutingPolicy>(static sp =>
        {
            var folder = sp.GetRequiredService<PolicyFolder>();
            return new SignedPolicyRouting(() => folder.Current);
        });
    }

    /// <summary>
    /// The policy trust state (the versions accepted before a restart): <c>Policies:StatePath</c>, by default
    /// <c>&lt;Audit:SqlitePath&gt;.policy-state.json</c>, so a hub's data folder holds all it must not forget.
    /// </summary>
    private static PolicyFolderOptions WithStatePath(PolicyFolderOptions options, AuditOptions audit)
    {
        if (string.IsNullOrWhiteSpace(options.StatePath))
        {
            options.StatePath = HubStateFiles.Beside(audit, "policy-state.json");
        }

        return options;
    }

    /// <summary>The audit log (Audit:Mode Direct, Bus, or Off for the benchmark only), its startup (registry and policies recorded) and the auditor API.</summary>
    private static void AddAudit(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(AuditOptions.SectionName);
        services.AddValidatedOptions<AuditorApiOptions, AuditorApiOptionsValidator>(AuditorApiOptions.SectionName);
        var options = builder.Configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();

        switch (options.Mode)
        {
            case AuditMode.Off:
                services.AddSingleton<IAuditTrail>(NoAuditTrail.Instance);
                break;
            case AuditMode.Direct:
                AddAuditLog(services);
                services.AddSingleton<IAuditTrail, DirectAuditTrail>();
                break;
            case AuditMode.Bus:
            default:
                AddAuditLog(services);
                services.AddSingleton<IAuditTrail, BusAuditTrail>();
                // Registered before AuditStartup: the bus (and this instance's sequencer queue) is up before anything is appended.
                services.AddBrokerMassTransit("Internal", x =>
                {
                    if (options.RunSequencer)
                    {
                        x.AddConsumer<AuditSequencerConsumer>(typeof(AuditSequencerConsumerDefinition));
                    }
                });
                break;
        }

        // Registered before the ingress consumer, so hosted services start the log and load the policies first.
        services.AddHostedService<AuditStartup>();
    }

    private static void AddAuditLog(IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton(static sp => new AuditQueryService(sp.GetRequiredService<AuditLog>().Store));
        services.AddSingleton<AuditorAuthentication>();
    }
}
