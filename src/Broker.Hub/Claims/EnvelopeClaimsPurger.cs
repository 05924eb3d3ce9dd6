using Broker.Hub.Options;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Claims;

/// <summary>Periodically removes claims whose envelopes have expired (an expired envelope is refused by verification anyway).</summary>
internal sealed class EnvelopeClaimsPurger(IEnvelopeClaims claims, IOptions<EnvelopeClaimsOptions> options, TimeProvider time, ILogger<EnvelopeClaimsPurger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PurgeIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var purged = await claims.PurgeAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                logger.EnvelopeClaimsPurged(purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.EnvelopeClaimsPurgeFailed(ex);
            }
        }
    }
}
