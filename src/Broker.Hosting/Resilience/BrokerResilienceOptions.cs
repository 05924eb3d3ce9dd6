using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hosting.Resilience;

/// <summary>Retry and circuit-breaker settings around broker publishes and reconnects.</summary>
public sealed class BrokerResilienceOptions
{
    public const string SectionName = "Resilience";

    [Range(0, 20)] public int MaxRetryAttempts { get; set; } = 5;
    [Range(1, 60_000)] public int BaseDelayMilliseconds { get; set; } = 100;
    [Range(100, 600_000)] public int MaxDelayMilliseconds { get; set; } = 10_000;
    [Range(0.01, 1.0)] public double BreakerFailureRatio { get; set; } = 0.5;
    [Range(2, 10_000)] public int BreakerMinimumThroughput { get; set; } = 20;
    [Range(1, 3600)] public int BreakerSamplingSeconds { get; set; } = 30;
    [Range(1, 3600)] public int BreakerBreakSeconds { get; set; } = 15;
    [Range(1, 600)] public int AttemptTimeoutSeconds { get; set; } = 30;
}

[OptionsValidator]
internal sealed partial class BrokerResilienceOptionsValidator : IValidateOptions<BrokerResilienceOptions>;
