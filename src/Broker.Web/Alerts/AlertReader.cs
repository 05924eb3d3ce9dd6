using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Broker.Web.Alerts;

/// <summary>
/// What one officer may see of the gateway's read model: their own agency only, and nothing above their clearance (an
/// unknown classification counts as above every clearance: fail closed). The gateway owns the store and its queries
/// (<see cref="GatewayReadModel"/>); this class only decides who sees which row.
/// </summary>
internal sealed class AlertReader(GatewayReadModel model, IOptions<WebOptions> options)
{
    private const int Limit = 500;

    private string Agency => options.Value.Agency;

    public static bool MayRead(Officer officer, string agency, InboxItem alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return MayRead(officer, agency, alert.Classification);
    }

    public static bool MayRead(Officer officer, string agency, string classification)
    {
        ArgumentNullException.ThrowIfNull(officer);
        return string.Equals(officer.Agency, agency, StringComparison.Ordinal)
            && ClearanceNames.TryParse(classification, out var level)
            && level <= officer.Clearance;
    }

    /// <summary>The newest delivered messages the officer may read (alerts and actions), newest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> DeliveredAsync(Officer officer, CancellationToken cancellationToken = default) =>
        [.. (await model.InboxAsync(Limit, cancellationToken).ConfigureAwait(false)).Where(a => MayRead(officer, Agency, a))];

    public async Task<InboxItem?> FindAsync(Officer officer, string envelopeId, CancellationToken cancellationToken = default)
    {
        var found = await model.FindAsync(envelopeId, cancellationToken).ConfigureAwait(false);
        return found is not null && MayRead(officer, Agency, found) ? found : null;
    }

    /// <summary>
    /// What of the inbox window this officer may see, as a count and the newest envelope id: the live-update stream sends
    /// an event when this changes, never for a message the officer may not read.
    /// </summary>
    public async Task<(int Count, string? Newest)> VisibleAsync(Officer officer, CancellationToken cancellationToken = default)
    {
        var visible = await DeliveredAsync(officer, cancellationToken).ConfigureAwait(false);
        return (visible.Count, visible.Count == 0 ? null : visible[0].EnvelopeId);
    }

    /// <summary>How many messages the gateway's inbox holds, whoever may read them: only a cheap trigger for <see cref="VisibleAsync"/>, never shown.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => model.CountInboxAsync(cancellationToken);

    /// <summary>Alerts and actions this agency sent that the officer may read, newest first, each with its routing receipts.</summary>
    public async Task<IReadOnlyList<SentItem>> SentAsync(Officer officer, CancellationToken cancellationToken = default) =>
        [.. (await model.SentAsync(Limit, cancellationToken).ConfigureAwait(false)).Where(s => MayRead(officer, Agency, s.Classification))];

    public async Task<SentItem?> FindSentAsync(Officer officer, Guid alertId, CancellationToken cancellationToken = default)
    {
        var found = await model.FindSentAsync(alertId, cancellationToken).ConfigureAwait(false);
        return found is not null && MayRead(officer, Agency, found.Classification) ? found : null;
    }

    /// <summary>
    /// The replies and actions about one alert that the officer may read. For an alert this agency received, pass its signed
    /// sender as <paramref name="originator"/>, so only the originator's answers (and ours) thread under it.
    /// </summary>
    public async Task<AlertThread> ThreadAsync(Officer officer, string alertId, string? originator, CancellationToken cancellationToken = default)
    {
        var thread = await model.ThreadAsync(alertId, originator, cancellationToken).ConfigureAwait(false);
        return new AlertThread(
            [.. thread.Received.Where(r => MayRead(officer, Agency, r))],
            [.. thread.Sent.Where(s => MayRead(officer, Agency, s.Classification))]);
    }
}
