using Broker.Hosting.Policies;
using Broker.Hub.Trust;
using Broker.Protocol.AuditEntries;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Audit;

/// <summary>
/// Starts, in order and before the ingress consumer: the audit sequencer (where this instance hosts it), the record of the trust
/// registry in force, and the policy folder, whose accepted versions are appended to the log before routing may use them.
/// </summary>
internal sealed class AuditStartup(IOptions<AuditOptions> options, IServiceProvider services, ILogger<AuditStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mode = options.Value.Mode;
        var policies = services.GetRequiredService<PolicyFolder>();
        if (mode == AuditMode.Off)
        {
            await policies.StartAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (mode == AuditMode.Direct || options.Value.RunSequencer)
        {
            await services.GetRequiredService<AuditLog>().StartSequencerAsync(cancellationToken).ConfigureAwait(false);
        }

        var trail = services.GetRequiredService<IAuditTrail>();
        if (services.GetService<FileTrustRegistrySource>() is { } registry)
        {
            await trail.AppendAsync([new RegistryChanged { Version = registry.Current.Version, SignedRegistry = registry.CurrentDocument }], default, cancellationToken).ConfigureAwait(false);
            registry.Changed += (current, bytes) => _ = RecordRegistryAsync(trail, current.Version, bytes);
        }

        policies.Accepted = (accepted, ct) => trail.AppendAsync(
            [new PolicyChanged { Country = accepted.Policy.Country, Version = accepted.Policy.Version, Document = accepted.Document, Signature = accepted.Signature }], default, ct);
        await policies.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hosted services stop in reverse order, so the ingress consumer has stopped: sign the final tree head now.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<AuditLog>() is not { } log)
        {
            return;
        }

        try
        {
            await log.PublishFinalTreeHeadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.AuditRecordFailed("the final signed tree head", ex);
        }
    }

#pragma warning disable CA1031 // Raised from a file watcher: a failure is logged loudly rather than lost on a background thread.
    private async Task RecordRegistryAsync(IAuditTrail trail, long version, byte[] bytes)
    {
        try
        {
            await trail.AppendAsync([new RegistryChanged { Version = version, SignedRegistry = bytes }], default, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.AuditRecordFailed($"trust registry v{version}", ex);
        }
    }
#pragma warning restore CA1031
}
