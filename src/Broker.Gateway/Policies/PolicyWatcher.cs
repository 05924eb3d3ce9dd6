namespace Broker.Gateway.Policies;

/// <summary>
/// Picks up new signed policy versions without a restart: starts the policy folder's watcher and periodic rescan
/// (<see cref="Hosting.Policies.PolicyFolder.StartWatching"/>) once the gateway runs. A failed scan is logged and retried; the
/// policies in force stay.
/// </summary>
internal sealed class PolicyWatcher(GatewayPolicies policies) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        policies.Folder.StartWatching();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
