using Broker.Gateway.Options;
using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Gateway.Trust;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Envelopes;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Inbound;

/// <summary>
/// Handles one message from <c>deliver.&lt;ID&gt;</c>. An envelope is verified and opened with this agency's keys, stored once
/// by envelope id (inbox), published to the agency system as <c>alert.delivered</c> with a confirm, and only then acked.
/// A redelivery of an envelope the agency already has is acked without a second publish; one that was stored but not yet
/// published (crash in between) is published now. A view holding data classes its signed header does not claim is a policy
/// violation: logged as critical, the unexpected objects stripped before storing and publishing, the stored alert and the
/// agency message marked, and the sender told through its signed delivery receipt. Anything that fails verification is kept in the refused table, logged
/// with its reason code and acked, so it cannot block the queue.
/// </summary>
internal sealed partial class DeliveryHandler(
    GatewayKeyring keyring,
    GatewayStore store,
    InboundCheck inboundCheck,
    AgencyNotifier agency,
    OutboxSignal outboxSignal,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    TimeProvider timeProvider,
    ILogger<DeliveryHandler> logger)
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    public Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Type switch
        {
            AgencyTopology.EnvelopeType => HandleEnvelopeAsync(delivery, cancellationToken),
            AgencyTopology.ReceiptType => HandleReceiptAsync(delivery, cancellationToken),
            _ => RefuseAsync(delivery, "unknown-type", cancellationToken),
        };
    }

    private async Task<DeliveryDisposition> HandleEnvelopeAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var bytes = delivery.Body.ToArray();
        if (!Envelope.TryOpen(bytes, keyring.Keys, keyring.Registry, now, out var opened, out var reason))
        {
            var code = InboundRejectCode.EnvelopePrefix + reason.ToString();
            await QueueNotDeliveredForUnopenedAsync(bytes, code, now).ConfigureAwait(false);
            return await RefuseAsync(delivery, code, cancellationToken).ConfigureAwait(false);
        }

        var envelopeId = opened.Header.Id.ToString();

        // Two copies of one envelope handled at once (prefetch, concurrency) must not both see "stored, not yet
        // published": one lock stripe per envelope id serialises store → publish → record.
        var stripe = _stripes[(int)((uint)opened.Header.Id.GetHashCode() % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StoreAndPublishAsync(bytes, opened, envelopeId, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<DeliveryDisposition> StoreAndPublishAsync(
        byte[] bytes, OpenedEnvelope opened, string envelopeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verdict = await inboundCheck.CheckAsync(opened, cancellationToken).ConfigureAwait(false);
        if (verdict.RejectCode is { } rejected)
        {
            // Quarantined: kept (sealed) in the refused table, acked, never published; the sender hears why.
            logger.ViewQuarantined(envelopeId, opened.Header.Sender.Value, opened.Header.Kind.ToString(), rejected);
            await QueueNotDeliveredAsync(opened.Header, rejected, now).ConfigureAwait(false);
            return await RefuseAsync(bytes, envelopeId, AgencyTopology.EnvelopeType, rejected, cancellationToken).ConfigureAwait(false);
        }

        var violation = verdict.Violation;
        if (violation is not null)
        {
            var unexpected = violation.Describe();
            logger.DataClassViolation(envelopeId, opened.Header.Sender.Value, opened.ViewIndex, unexpected);
            metrics.PolicyViolations.Add(1);
        }

        var message = DeliveredMessage.Compose(opened, now, violation);
        var added = await store.TryAddInboxAsync(
            new InboxEntry
            {
                EnvelopeId = envelopeId,
                ReceivedAt = now,
                Sender = opened.Header.Sender.Value,
                Kind = opened.Header.Kind.ToString(),
                Envelope = bytes,
                ViewJson = violation?.StrippedView ?? opened.Plaintext,
                HeaderJson = DeliveredMessage.HeaderFacts(opened.Header).ToJsonString(),
                Verification = "verified",
                Withheld = string.Join(' ', DeliveredMessage.Withheld(opened).Select(c => c.Value)),
                AgencyMessage = message,
                Violation = violation?.Describe(),
                AlertId = verdict.AlertId,
                ThreadOf = verdict.ThreadOf,
                ActionKind = verdict.ActionKind,
            },
            cancellationToken).ConfigureAwait(false);
        var isReceipt = DeliveryReceiptShape.IsReceipt(opened.Header.Kind);
        if (added == InboxAddResult.DuplicatePublished)
        {
            metrics.EnvelopesDuplicate.Add(1);
            logger.EnvelopeDuplicate(envelopeId);
            await QueueDeliveryReceiptAsync(opened, isReceipt, now, violation).ConfigureAwait(false);
            return DeliveryDisposition.Ack;
        }

        // Publish the stored bytes, so a republish after a crash is identical to the first attempt (same message id too).
        var stored = added == InboxAddResult.Added ? message : await store.FindInboxMessageAsync(envelopeId, cancellationToken).ConfigureAwait(false) ?? message;
        var earlierAttempts = await store.BeginInboxPublishAsync(envelopeId, cancellationToken).ConfigureAwait(false);

        // From here on a shutdown must not cut the publish from its record: a cancelled confirm would leave the alert
        // delivered but unrecorded, and the redelivery would publish it again. The publisher's own timeout bounds this.
        await agency.PublishToAgencyAsync(
            isReceipt ? AgencyNames.DeliveryReceipt : AgencyNames.Delivered, stored, envelopeId,
            isReceipt ? "broker.receipt.delivery.v1" : "broker.alert.delivered.v1", CancellationToken.None, possibleDuplicate: earlierAttempts > 0)
            .ConfigureAwait(false);
        await store.MarkInboxPublishedAsync(envelopeId, CancellationToken.None).ConfigureAwait(false);
        await QueueDeliveryReceiptAsync(opened, isReceipt, now, violation).ConfigureAwait(false);
        metrics.EnvelopesDelivered.Add(1);
        logger.EnvelopeDelivered(envelopeId, opened.Header.Sender.Value);
        return DeliveryDisposition.Ack;
    }

    /// <summary>
    /// Queues this agency's signed delivery receipt to the original sender (once per envelope: the outbox key is the
    /// envelope id). Also done for a duplicate, in case a crash came between recording the publish and queueing the receipt.
    /// Never for a receipt, so receipts do not echo.
    /// </summary>
    private async Task QueueDeliveryReceiptAsync(OpenedEnvelope opened, bool isReceipt, DateTimeOffset now, ViewViolation? violation)
    {
        if (isReceipt || !options.Value.SendDeliveryReceipts)
        {
            return;
        }

        var body = DeliveryReceiptSealer.Compose(opened.Header, keyring.Keys.Agency, now, violation?.Unexpected);
        if (await store.TryEnqueueAsync(DeliveryReceiptSealer.OutboxKey(opened.Header.Id), body, now, OutboxKind.DeliveryReceipt, CancellationToken.None).ConfigureAwait(false))
        {
            outboxSignal.Wake();
        }
    }

    private Task<DeliveryDisposition> RefuseAsync(InboundDelivery delivery, string reason, CancellationToken cancellationToken) =>
        RefuseAsync(delivery.Body.ToArray(), delivery.MessageId, delivery.Type, reason, cancellationToken);

    private async Task<DeliveryDisposition> RefuseAsync(byte[] body, string? messageId, string? type, string reason, CancellationToken cancellationToken)
    {
        metrics.EnvelopesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        logger.EnvelopeRefused(messageId, reason, body.Length);
        await store.AddRefusedAsync(messageId, type, reason, body, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return DeliveryDisposition.Ack;
    }
}
