using Broker.Gateway.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Whether <c>gateway.outbound</c> moves (protocols/amqp.md §2.7). A consumer can be registered and still stuck: a handler
/// that never returns, or every message failing and going back to the queue. Readiness fails when, for longer than
/// <see cref="GatewayOptions.OutboundStallSeconds"/>, one message has been in a handler, or messages have failed and none
/// was handled. An idle queue is healthy.
/// </summary>
internal sealed class OutboundProgress(IOptions<GatewayOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTimeOffset> _inFlight = [];
    private long _next;
    private DateTimeOffset? _failingSince;
    private int _failures;

    public long Begin()
    {
        lock (_gate)
        {
            var token = ++_next;
            _inFlight[token] = timeProvider.GetUtcNow();
            return token;
        }
    }

    /// <summary>The handler returned (acked or refused: the queue moved) or threw (the message goes back).</summary>
    public void End(long token, bool handled)
    {
        lock (_gate)
        {
            _inFlight.Remove(token);
            if (handled)
            {
                _failingSince = null;
                _failures = 0;
            }
            else
            {
                _failingSince ??= timeProvider.GetUtcNow();
                _failures++;
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    internal HealthCheckResult Check()
    {
        var now = timeProvider.GetUtcNow();
        var stall = TimeSpan.FromSeconds(options.Value.OutboundStallSeconds);
        lock (_gate)
        {
            var oldest = _inFlight.Count == 0 ? (DateTimeOffset?)null : _inFlight.Values.Min();
            if (oldest is { } started && now - started >= stall)
            {
                return HealthCheckResult.Unhealthy($"gateway.outbound does not move: a message has been in its handler for {(now - started).TotalSeconds:0} s");
            }

            if (_failingSince is { } since && now - since >= stall)
            {
                return HealthCheckResult.Unhealthy($"gateway.outbound does not move: {_failures} deliveries failed and none succeeded in {(now - since).TotalSeconds:0} s");
            }

            return HealthCheckResult.Healthy(_failingSince is null ? "gateway.outbound moves" : $"gateway.outbound: {_failures} recent deliveries failed; retrying");
        }
    }
}
