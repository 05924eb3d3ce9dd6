using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Hosting.Health;

/// <summary>Healthy while the named AMQP connection is open. The result carries no host names, users or exception text.</summary>
internal sealed class RabbitConnectionHealthCheck(RabbitConnectionProvider connections) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connections.Problem() is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy($"AMQP connection {connections.Name} is open"));
}
