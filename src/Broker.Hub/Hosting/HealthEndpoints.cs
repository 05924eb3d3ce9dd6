using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Broker.Hub.Hosting;

public static class HealthEndpoints
{
    /// <summary>Maps <c>/healthz</c>: the overall status word only, no per-check details.</summary>
    public static IEndpointConventionBuilder MapBrokerHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = static (context, report) =>
            {
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync(report.Status.ToString());
            },
        });
    }
}
