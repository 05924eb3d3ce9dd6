using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using RabbitMQ.Client.Exceptions;

namespace Broker.Hosting.Resilience;

/// <summary>
/// Builds the Polly pipeline around broker I/O: a per-attempt timeout, exponential backoff with jitter, and a circuit
/// breaker that stops hammering a broker that is down. A returned (unroutable) message is not transient and is not retried.
/// </summary>
public static class BrokerResilience
{
    public static ResiliencePipeline Build(BrokerResilienceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var handled = new PredicateBuilder().Handle<Exception>(IsTransient);
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.BaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromMilliseconds(options.MaxDelayMilliseconds),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handled,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(options.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(options.BreakerBreakSeconds),
            })
            .AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds))
            .Build();
    }

    /// <summary>Connection loss, channel closure, nacks and timeouts are transient; a returned message or a refused permission is not.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PublishReturnException => false,
        OperationInterruptedException { ShutdownReason.ReplyCode: 403 or 406 } => false,
        OperationCanceledException => false,
        PublishException or AlreadyClosedException or OperationInterruptedException
            or BrokerUnreachableException or TimeoutRejectedException or TimeoutException or IOException => true,
        _ => false,
    };
}
