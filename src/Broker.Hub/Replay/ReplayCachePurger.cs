using Broker.Hub.Options;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Replay;

/// <summary>Periodically removes replay-cache ids whose envelopes have expired (an expired envelope is refused by verification anyway).</summary>
internal sealed class ReplayCachePurger(IReplayCache cache, IOptions<ReplayCacheOptions> options, TimeProvider time, ILogger<ReplayCachePurger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PurgeIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var purged = await cache.PurgeAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                logger.ReplayCachePurged(purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.ReplayCachePurgeFailed(ex);
            }
        }
    }
}
