using System.Security.Cryptography;
using Broker.Gateway.Alerts;
using Broker.Gateway.Options;
using Broker.Gateway.Sharing;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Store-and-forward: seals each pending outbox entry once (the envelope bytes are stored, so every retry republishes the
/// same envelope id and the hub de-duplicates) and publishes it to <c>hub.ingress</c> as this agency, marking it sent only
/// after the broker's confirm. A pass works on up to <see cref="GatewayOptions.DrainConcurrency"/> entries at once (see
/// <c>OutboxDrainer.Pass.cs</c>). A failed attempt backs its entry off (exponential, jitter) and ends the pass; entries wait
/// in SQLite across restarts.
/// </summary>
internal sealed partial class OutboxDrainer(
    GatewayStore store,
    AlertSealer sealer,
    DeliveryReceiptSealer receiptSealer,
    AgencyNotifier notifier,
    [FromKeyedServices(AgencyTopology.HubConnection)] IConfirmedPublisher hub,
    OutboxSignal signal,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OutboxDrainer> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await DrainPassAsync(stoppingToken).ConfigureAwait(false);
                if (!pass.MoreDue)
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(_options.DrainIntervalMilliseconds), timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.DrainerFailed(ex);
                await Task.Delay(TimeSpan.FromMilliseconds(_options.DrainIntervalMilliseconds), timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<EntryOutcome> ProcessAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var (envelopeId, envelope) = entry.State == OutboxState.Sealed
                ? await StillFreshAsync(entry, cancellationToken).ConfigureAwait(false)
                : await SealAsync(entry, cancellationToken).ConfigureAwait(false);
            if (envelope.Length == 0)
            {
                return EntryOutcome.Failed;
            }

            var outcome = await hub.PublishAsync(
                new OutgoingMessage
                {
                    Exchange = AgencyTopology.HubIngressExchange,
                    RoutingKey = AgencyTopology.IngressRoutingKey(_options.Agency),
                    Body = envelope,
                    ContentType = AgencyTopology.EnvelopeContentType,
                    Type = AgencyTopology.EnvelopeType,
                    MessageId = envelopeId,
                    UserId = _options.Agency,
                },
                cancellationToken).ConfigureAwait(false);
            if (outcome != PublishOutcome.Confirmed)
            {
                throw new InvalidOperationException("The hub broker returned the envelope as unroutable.");
            }

            await store.MarkSentAsync(entry.AlertId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            metrics.EnvelopesSent.Add(1);
            logger.OutboxSent(envelopeId, entry.AlertId);
            return EntryOutcome.Sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var delay = Backoff(entry.Attempts + 1);
            metrics.SendFailures.Add(1);
            logger.OutboxAttemptFailed(entry.AlertId, entry.Attempts + 1, (long)delay.TotalMilliseconds, ex);
            await store.RecordAttemptFailedAsync(entry.AlertId, ex.GetType().Name, timeProvider.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);
            return EntryOutcome.Retry;
        }
    }

    /// <summary>
    /// Seals a pending entry and stores the envelope; an empty envelope means the alert was refused for good. For an alert the
    /// agency system gets the sharing notice (who gets which view, who gets nothing and why) before the envelope is recorded, so
    /// a crash in between re-evaluates and re-notifies rather than sending without a notice.
    /// </summary>
    private async Task<(string EnvelopeId, byte[] Envelope)> SealAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        metrics.OutboxWait.Record((timeProvider.GetUtcNow() - entry.ReceivedAt).TotalSeconds);
        var started = timeProvider.GetTimestamp();
        SealedAlert? sealedAlert;
        AlertRejection? rejection;
        SharingPlan? plan = null;
        var ok = entry.Kind == OutboxKind.DeliveryReceipt
            ? receiptSealer.TrySeal(entry.AlertJson, out sealedAlert, out rejection)
            : sealer.TrySeal(entry.AlertJson, out sealedAlert, out rejection, out plan);
        if (!ok)
        {
            // Tell the agency system first: if that fails the entry stays pending and the refusal is retried, not lost.
            if (plan is not null)
            {
                var stage = plan.IsRefused ? NoticeStage.Refused : NoticeStage.NothingToSend;
                await PublishNoticeAsync(entry.AlertId, SharingNotice.Compose(entry.AlertId, null, stage, plan, null, rejection), cancellationToken).ConfigureAwait(false);
            }

            await notifier.RejectAsync(rejection!, entry.AlertJson, null, entry.AlertId, deadLetter: plan?.IsRefused == true, cancellationToken).ConfigureAwait(false);
            await store.MarkFailedAsync(entry.AlertId, rejection!.WireCode, cancellationToken).ConfigureAwait(false);
            logger.OutboxFailed(entry.AlertId, rejection.WireCode);
            return (string.Empty, []);
        }

        ArgumentNullException.ThrowIfNull(sealedAlert);
        metrics.SealDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds);
        var id = sealedAlert.Id.ToString();
        if (plan is not null)
        {
            await PublishNoticeAsync(entry.AlertId, SharingNotice.Compose(entry.AlertId, null, NoticeStage.Sealed, plan, id, null), cancellationToken).ConfigureAwait(false);
        }

        if (await store.MarkSealedAsync(entry.AlertId, id, sealedAlert.Envelope, sealedAlert.Recipients, sealedAlert.PolicyVersions, cancellationToken).ConfigureAwait(false))
        {
            logger.OutboxSealed(entry.AlertId, id, sealedAlert.RecipientCount, sealedAlert.ViewCount);
            return (id, sealedAlert.Envelope);
        }

        // Sealed meanwhile by an earlier pass: the stored envelope wins, so the envelope id never changes.
        var stored = await store.FindOutboxAsync(entry.AlertId, cancellationToken).ConfigureAwait(false);
        return stored is { State: OutboxState.Sealed, EnvelopeId: not null, Envelope: not null } ? (stored.EnvelopeId, stored.Envelope) : (string.Empty, []);
    }

    private async Task PublishNoticeAsync(Guid alertId, byte[] notice, CancellationToken cancellationToken) =>
        await notifier.PublishToAgencyAsync(
            AgencyNames.SharingNotice, notice, SharingNotice.MessageId(alertId, false, null), SharingNotice.Type, cancellationToken,
            correlationId: await notifier.CorrelationOfAlertAsync(alertId, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// The stored envelope, unless it expired while the hub was away (the hub would refuse it): then the alert fails and the
    /// agency system is told, because resealing would change the envelope id the hub may already have seen.
    /// </summary>
    private async Task<(string EnvelopeId, byte[] Envelope)> StillFreshAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (Broker.Protocol.Envelopes.Envelope.TryReadHeader(entry.Envelope, out var header, out _) && header.Expires > timeProvider.GetUtcNow())
        {
            return (entry.EnvelopeId!, entry.Envelope!);
        }

        var rejection = AlertRejection.Of(AlertRejectCode.Expired, "The sealed envelope expired before the hub could take it.");
        await notifier.RejectAsync(rejection, entry.AlertJson, null, entry.AlertId, deadLetter: false, cancellationToken).ConfigureAwait(false);
        await store.MarkFailedAsync(entry.AlertId, rejection.WireCode, cancellationToken).ConfigureAwait(false);
        logger.OutboxFailed(entry.AlertId, rejection.WireCode);
        return (string.Empty, []);
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = Math.Min(_options.RetryMaxMilliseconds, _options.RetryBaseMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        // Full jitter in [50%, 100%] so many gateways recovering together do not retry in lockstep.
        var jitter = 0.5 + (RandomNumberGenerator.GetInt32(0, 1000) / 2000.0);
        return TimeSpan.FromMilliseconds(exponential * jitter);
    }
}
