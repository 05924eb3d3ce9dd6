using Broker.Hosting.Time;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Policies;

/// <summary>
/// Picks up new signed policy versions without a restart: a file-system watcher on the policy folder wakes a rescan (after a
/// short pause, so a document and its <c>.sig</c> written together are offered together), and a periodic rescan catches
/// whatever the watcher misses. A failed scan is logged and retried at the next period; the policies in force stay.
/// </summary>
internal sealed class PolicyWatcher(GatewayPolicies policies, IOptions<PolicyOptions> options, TimeProvider timeProvider, ILogger<PolicyWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _changed = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = options.Value.Watch ? StartWatcher() : null;
        var period = TimeSpan.FromSeconds(options.Value.RescanSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _changed.WaitAsync(period, timeProvider, stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(Settle, timeProvider, stoppingToken).ConfigureAwait(false);
                }

                policies.Scan();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never let a bad scan stop the host: the policies in force stay, the next period tries again.
                logger.PolicyScanFailed(policies.Directory, ex);
            }
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private FileSystemWatcher StartWatcher()
    {
        var watcher = new FileSystemWatcher(policies.Directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, _) => Wake();
        watcher.Created += (_, _) => Wake();
        watcher.Renamed += (_, _) => Wake();
        watcher.Deleted += (_, _) => Wake();
        watcher.Error += (_, _) => Wake();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Wake()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A rescan is already due: it covers every change so far.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
