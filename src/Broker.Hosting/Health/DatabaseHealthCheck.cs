using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Hosting.Health;

/// <summary>
/// Opens a connection to a store and runs one trivial query. The failure names the store and the exception type only:
/// a driver's message can carry a host name or a connection-string fragment, which a health body must not.
/// </summary>
internal sealed class DatabaseHealthCheck(string store, Func<DbConnection> connect, string query) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = connect();
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = query;
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return HealthCheckResult.Healthy($"{store} answers");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store} does not answer ({ex.GetType().Name})", ex);
        }
    }
}
