using Broker.Web.Alerts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Web.Hosting;

/// <summary>Ready while the inbox can be read; the failure names the exception type only (its message may carry a path).</summary>
internal sealed class InboxHealthCheck(AlertReader alerts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await alerts.CountAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"the inbox reads ({count} messages)");
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"the inbox cannot be read ({ex.GetType().Name})", ex);
        }
    }
}
