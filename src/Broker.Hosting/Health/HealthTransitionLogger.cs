using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting.Health;

/// <summary>
/// Runs with ASP.NET's health check publisher (readiness checks, every few seconds) and logs a check only when its status
/// changes: one warning when it fails, saying what failed, and one line when it is healthy again. An outage therefore
/// costs two log lines per check, not one per probe.
/// </summary>
internal sealed partial class HealthTransitionLogger(ILogger<HealthTransitionLogger> logger) : IHealthCheckPublisher
{
    private readonly Dictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            foreach (var (name, entry) in report.Entries)
            {
                var known = _last.TryGetValue(name, out var previous);
                _last[name] = entry.Status;
                if (known && previous == entry.Status)
                {
                    continue;
                }

                if (entry.Status != HealthStatus.Healthy)
                {
                    logger.HealthCheckFailing(name, entry.Status, Describe(entry), entry.Exception);
                }
                else if (known)
                {
                    logger.HealthCheckRecovered(name, previous);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A check's description; its status in words when a third-party check gave none; the exception type only where the
    /// health check service used an exception's message as the description (a check that threw). An address in a
    /// third-party description (MassTransit names its endpoints <c>rabbitmq://host/vhost/queue</c>) is cut to its last
    /// segment, so no host name is shown.
    /// </summary>
    internal static string Describe(HealthReportEntry entry)
    {
        if (entry.Exception is { } exception && string.Equals(entry.Description, exception.Message, StringComparison.Ordinal))
        {
            return $"the check failed with {exception.GetType().Name}";
        }

        return string.IsNullOrWhiteSpace(entry.Description)
            ? $"no description ({entry.Status})"
            : Address().Replace(entry.Description, static m => m.Groups["last"].Value is { Length: > 0 } last ? last : "(address)");
    }

    [GeneratedRegex(@"\b[a-z][a-z0-9+.\-]*://(?:[^\s/,;]*/)*(?<last>[^\s/,;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
