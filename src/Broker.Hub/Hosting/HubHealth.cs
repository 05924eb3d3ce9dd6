using Broker.Hosting.Health;
using Broker.Hub.Audit;
using Broker.Hub.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broker.Hub.Hosting;

/// <summary>
/// The hub's readiness, on top of Broker.Hosting's mapping (<c>/health/live</c>, <c>/health/ready</c>): the hub AMQP
/// connection and the <c>hub.ingress</c> consumer (registered by Broker.Hosting), the hub-internal bus (MassTransit's own
/// check), the envelope claims store, and, where this instance runs the audit sequencer, the sequencer and the audit store.
/// </summary>
public static class HubHealth
{
    public static IHostApplicationBuilder AddHubHealth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBrokerHealth();
        var checks = builder.Services.AddHealthChecks();
        checks.AddStoreProbe("envelope-claims", "the envelope claims store", static sp =>
        {
            var options = sp.GetRequiredService<IOptions<EnvelopeClaimsOptions>>().Value;
            return options.Store == ClaimStoreKind.Postgres
                ? new NpgsqlConnection(options.PostgresConnectionString)
                : ReadOnlySqlite(options.SqlitePath);
        });

        var audit = builder.Configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
        if (audit.Mode == AuditMode.Direct || (audit.Mode == AuditMode.Bus && audit.RunSequencer))
        {
            checks.Add(new HealthCheckRegistration(
                "audit-sequencer", static sp => new AuditSequencerHealthCheck(sp.GetRequiredService<AuditLog>()), HealthStatus.Unhealthy, [BrokerHealth.ReadyTag]));
            checks.AddStoreProbe("audit-store", "the audit store", static sp =>
            {
                var options = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
                return options.Store == AuditStoreKind.Postgres
                    ? new NpgsqlConnection(options.PostgresConnectionString)
                    : ReadOnlySqlite(options.SqlitePath);
            });
        }

        return builder;
    }

    private static SqliteConnection ReadOnlySqlite(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    /// <summary>Ready once the sequencer has started, and for as long as it accepts appends.</summary>
    private sealed class AuditSequencerHealthCheck(AuditLog log) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var started = log.Sequencer;
            var result = started.Status switch
            {
                TaskStatus.RanToCompletion when started.Result.IsFaulted =>
                    HealthCheckResult.Unhealthy("the audit sequencer stopped: another writer appended to the audit store (run 'broker audit verify')"),
                TaskStatus.RanToCompletion => HealthCheckResult.Healthy($"the audit sequencer runs ({started.Result.Size} entries)"),
                TaskStatus.Faulted or TaskStatus.Canceled => HealthCheckResult.Unhealthy("the audit sequencer failed to start"),
                _ => HealthCheckResult.Unhealthy("the audit sequencer has not started yet"),
            };
            return Task.FromResult(result);
        }
    }
}
