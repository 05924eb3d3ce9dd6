using Broker.Gateway.Alerts;
using Broker.Gateway.Inbound;
using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Gateway.Policies;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Gateway.Trust;
using Broker.Hosting.Configuration;
using Broker.Hosting.Health;
using Broker.Hosting.Policies;
using Broker.Hosting.Rabbit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Broker.Gateway;

/// <summary>Wires one agency's gateway: options, the two AMQP connections (agency vhost, hub), keys, store, consumers, drainer.</summary>
public static class GatewayHostExtensions
{
    /// <summary>Section of the agency-side AMQP connection; vhost and user default to <c>agency.&lt;ID&gt;</c> and <c>&lt;ID&gt;.gateway</c>.</summary>
    public const string AgencyBrokerSection = "Gateway:AgencyBroker";

    /// <summary>Section of the hub AMQP connection (vhost <c>hub</c>, mutual TLS + EXTERNAL as <c>&lt;ID&gt;</c>).</summary>
    public const string HubBrokerSection = "Gateway:HubBroker";

    /// <summary>Section of the signed policy folder (<see cref="PolicyFolderOptions"/>).</summary>
    public const string PoliciesSection = "Gateway:Policies";

    public static IHostApplicationBuilder AddBrokerGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBrokerConfiguration();
        var services = builder.Services;
        services.AddValidatedOptions<GatewayOptions, GatewayOptionsValidator>(GatewayOptions.SectionName);
        services.AddPolicyFolderOptions(PoliciesSection);
        services.AddRabbitConnection(AgencyTopology.AgencyConnection, AgencyBrokerSection);
        services.AddOptions<RabbitConnectionOptions>(AgencyTopology.AgencyConnection)
            .DefaultToAgency(AgencyBrokerSection, $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Agency)}", AgencyNames.GatewayUser, "gateway-agency");
        services.AddRabbitConnection(AgencyTopology.HubConnection, HubBrokerSection);
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(static sp =>
        {
            var keyring = GatewayKeyring.Load(sp.GetRequiredService<IOptions<GatewayOptions>>());
            var keyringLogger = sp.GetRequiredService<ILogger<GatewayKeyring>>();
            if (keyring.RolledBackFileVersion is { } older)
            {
                keyringLogger.RegistryRollbackRefused(older, keyring.Registry.Version);
            }

            keyringLogger.KeyringLoaded(keyring.Keys.Agency.Value, keyring.Registry.Version, keyring.Registry.Agencies.Count);
            return keyring;
        });
        services.AddSingleton(static sp =>
            GatewayStore.OpenAsync(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.StorePath).GetAwaiter().GetResult());
        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<PolicyFolderOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.StatePath))
            {
                // The versions accepted before a restart live beside the gateway's own store (protocols/policy.md).
                options.StatePath = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.StorePath + ".policy-state.json";
            }

            var directory = options.Directory;
            var logger = sp.GetRequiredService<ILogger<GatewayPolicies>>();
            var policies = new GatewayPolicies(sp.GetRequiredService<GatewayKeyring>().Registry, options, sp.GetRequiredService<TimeProvider>(), logger);
            policies.Scan();
            if (policies.Current.Countries.Count == 0)
            {
                logger.NoPoliciesLoaded(directory);
            }
            else
            {
                logger.PoliciesLoaded(policies.Current.Countries.Count, directory);
            }

            return policies;
        });
        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new AlertValidator(options.AgencyId, AlertLimits.Default with { MaxBodyBytes = options.MaxAlertBytes }, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<AlertSealer>();
        services.AddSingleton<DeliveryReceiptSealer>();
        services.AddSingleton<AgencyNotifier>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboundHandler>();
        services.AddSingleton<OutboundProgress>();
        services.AddSingleton(static sp => new InboundCheck(sp.GetRequiredService<GatewayStore>(), sp.GetRequiredService<IOptions<GatewayOptions>>().Value.AgencyId));
        services.AddSingleton<DeliveryHandler>();
        services.AddHostedService<OutboundConsumer>();
        services.AddHostedService<OutboxDrainer>();
        services.AddHostedService<DeliveryConsumer>();
        services.AddHostedService<PolicyWatcher>();
        AddHealth(builder);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> and <c>/health/ready</c> (Broker.Hosting's one mapping), and nothing else: the gateway serves no
    /// alert over HTTP. The agency system reads its alerts from <c>agency.inbox</c>, the officers' web client through
    /// <see cref="ReadModel.GatewayReadModel"/>.
    /// </summary>
    public static WebApplication MapBrokerGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapBrokerHealth();
        return app;
    }

    /// <summary>Readiness: both AMQP connections (AddRabbitConnection), the outbound and delivery consumers, the SQLite store, and whether gateway.outbound moves.</summary>
    private static void AddHealth(IHostApplicationBuilder builder)
    {
        builder.AddBrokerHealth();
        builder.Services.AddHealthChecks().AddStoreProbe("gateway-store", "the gateway store (SQLite)", static sp => new SqliteConnection(
            new SqliteConnectionStringBuilder
            {
                DataSource = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.StorePath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString()));
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "gateway-outbound", static sp => sp.GetRequiredService<OutboundProgress>(), Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, [BrokerHealth.ReadyTag]));
    }
}
