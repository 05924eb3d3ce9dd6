using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Broker.Hosting.Health;

/// <summary>
/// Healthy while every <see cref="RabbitConsumerLoop"/> the host runs has a consumer on its queue: a process whose queue
/// nobody consumes is up but not ready. Degraded (still ready) while a loop skips some of its queues because they do not
/// exist. Healthy with nothing to report in a host without consumer loops.
/// </summary>
internal sealed class ConsumerHealthCheck(IEnumerable<IHostedService> hostedServices) : IHealthCheck
{
    private readonly RabbitConsumerLoop[] _loops = [.. hostedServices.OfType<RabbitConsumerLoop>()];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = _loops.Select(static loop => loop.Problem()).OfType<string>().ToList();
        var degradations = _loops.Select(static loop => loop.Degradation()).OfType<string>().ToList();
        return Task.FromResult(problems.Count > 0
            ? HealthCheckResult.Unhealthy(string.Join("; ", problems))
            : degradations.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", degradations)) // Still ready: the queues that exist are consumed.
            : HealthCheckResult.Healthy(_loops.Length == 0 ? "no queue consumers in this host" : "consuming " + string.Join(", ", _loops.Select(static l => l.Queue))));
    }
}
