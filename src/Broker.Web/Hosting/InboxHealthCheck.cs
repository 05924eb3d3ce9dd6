using Broker.Web.Alerts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Web.Hosting;

/// <summary>Ready while the inbox can be read; the failure names the exception type only (its message may carry a path).</summary>
internal sealed class InboxHealthCheck(AlertReader alerts) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(HealthCheckResult.Healthy($"the inbox reads ({alerts.Count()} messages)"));
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the inbox cannot be read ({ex.GetType().Name})", ex));
        }
    }
}
