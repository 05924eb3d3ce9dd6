using Broker.Gateway.Alerts;
using Broker.Gateway.Options;
using Broker.Gateway.Sharing;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Handles one message from <c>gateway.outbound</c> in two steps (protocols/amqp.md §2.7). <see cref="Decide"/> reads the
/// message and touches nothing outside the process: properties, the alert's JSON, the schema, the sharing policies. Any
/// exception there would recur on every redelivery, so it is a permanent failure: the message is refused at once with
/// <c>unprocessable</c>. <see cref="ApplyAsync"/> then has the durable effects (outbox, message-id claim, notices); an
/// exception there is transient and requeues the message, up to <see cref="GatewayOptions.OutboundMaxAttempts"/>
/// deliveries, after which it is refused with <c>retries-exhausted</c>. Every refusal goes to the agency system as
/// <c>alert.rejected</c> and to <c>agency.dlx</c> before the ack, so a bad message never blocks the queue.
/// </summary>
internal sealed partial class OutboundHandler(
    IOptions<GatewayOptions> options,
    AlertValidator validator,
    AlertSealer sealer,
    GatewayStore store,
    AgencyNotifier notifier,
    OutboxSignal signal,
    GatewayMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OutboundHandler> logger)
{
    /// <summary>The header RabbitMQ's quorum queues add to a redelivered message: how many deliveries were returned before.</summary>
    public const string DeliveryCountHeader = "x-delivery-count";

    /// <summary>The header <c>x-dry-run</c> set to <c>true</c> (any case) asks for the sharing notice only.</summary>
    public const string DryRunHeader = "x-dry-run";

    public async Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var messageId = MessageIdOf(delivery);
        Decision decision;
        try
        {
            decision = Decide(delivery, messageId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the message's own bytes went in, so a redelivery would fail the same way: refuse it now.
            logger.OutboundMessageUnprocessable(messageId, delivery.Body.Length, ex.GetType().Name);
            decision = Decision.Refuse(
                AlertRejection.Of(AlertRejectCode.Unprocessable, "The gateway failed on this message and will fail the same way on every retry; it was not sent."),
                null);
        }

        try
        {
            return await ApplyAsync(delivery, messageId, decision, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempt = AttemptOf(delivery);
            if (attempt < options.Value.OutboundMaxAttempts)
            {
                logger.OutboundAttemptFailed(messageId, attempt, options.Value.OutboundMaxAttempts, ex.GetType().Name);
                throw;
            }

            // Bounded retries: this was the last delivery the gateway takes. If telling the agency system fails too, the
            // exception requeues and the queue's own x-delivery-limit dead-letters the message.
            logger.OutboundRetriesExhausted(messageId, attempt, ex.GetType().Name);
            await RefuseAsync(
                delivery, messageId,
                AlertRejection.Of(AlertRejectCode.RetriesExhausted, $"The gateway could not store or answer this message in {attempt} attempts; it was not sent."),
                decision.AlertId, cancellationToken).ConfigureAwait(false);
            return DeliveryDisposition.Ack;
        }
    }

    /// <summary>The 1-based delivery attempt of this message, from the quorum queue's <c>x-delivery-count</c>.</summary>
    internal static int AttemptOf(InboundDelivery delivery) =>
        int.TryParse(delivery.GetHeader(DeliveryCountHeader), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var returned)
            ? (int)Math.Min((long)returned + 1, int.MaxValue)
            : 1;

    internal static bool IsDryRun(InboundDelivery delivery) =>
        string.Equals(delivery.GetHeader(DryRunHeader), "true", StringComparison.OrdinalIgnoreCase);

    private async Task<DeliveryDisposition> ApplyAsync(InboundDelivery delivery, string? messageId, Decision decision, CancellationToken cancellationToken)
    {
        switch (decision.Kind)
        {
            case DecisionKind.Refuse:
                await RefuseAsync(delivery, messageId, decision.Rejection!, decision.AlertId, cancellationToken).ConfigureAwait(false);
                return DeliveryDisposition.Ack;
            case DecisionKind.DryRun:
                await notifier.PublishToAgencyAsync(
                    AgencyNames.SharingNotice, decision.Notice!, SharingNotice.MessageId(decision.AlertId!.Value, true, messageId), SharingNotice.Type, cancellationToken,
                    correlationId: delivery.CorrelationId ?? messageId).ConfigureAwait(false);
                logger.DryRunAnswered(decision.AlertId.Value, decision.Plan!.Recipients.Count, decision.Plan.Outcomes.Count);
                return DeliveryDisposition.Ack;
            case DecisionKind.Accept:
                return await AcceptAsync(delivery, messageId!, decision.Alert!, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unknown outbound decision {decision.Kind}.");
        }
    }

    private async Task<DeliveryDisposition> AcceptAsync(InboundDelivery delivery, string messageId, ValidatedAlert alert, CancellationToken cancellationToken)
    {
        var id = alert.Alert.Id;
        var hash = System.Security.Cryptography.SHA256.HashData(delivery.Body.Span);
        var claim = await store.ClaimMessageIdAsync(messageId, hash, id, delivery.CorrelationId ?? messageId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (claim == MessageIdClaim.DifferentContent)
        {
            await RefuseAsync(
                delivery, messageId, AlertRejection.Of(AlertRejectCode.MessageIdReused, "This message_id was already used for a message with other content; the first one stands."),
                id, cancellationToken).ConfigureAwait(false);
            return DeliveryDisposition.Ack;
        }

        if (await store.TryEnqueueAsync(id, alert.Json, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            logger.AlertAccepted(id, alert.Json.Length);
            metrics.AlertsAccepted.Add(1);
            signal.Wake();
            return DeliveryDisposition.Ack;
        }

        var held = await store.FindOutboxAsync(id, cancellationToken).ConfigureAwait(false);
        if (held is not null && !held.AlertJson.AsSpan().SequenceEqual(alert.Json.Span))
        {
            await RefuseAsync(
                delivery, messageId, AlertRejection.Of(AlertRejectCode.AlertIdReused, "An alert with this id and other content was already accepted; the first one stands."),
                id, cancellationToken).ConfigureAwait(false);
            return DeliveryDisposition.Ack;
        }

        logger.AlertDuplicate(id);
        return DeliveryDisposition.Ack;
    }

    private async Task RefuseAsync(InboundDelivery delivery, string? messageId, AlertRejection rejection, Guid? alertId, CancellationToken cancellationToken)
    {
        logger.AlertRejected(rejection.WireCode, delivery.Body.Length, messageId);
        metrics.AlertsRejected.Add(1, new KeyValuePair<string, object?>("code", rejection.WireCode));
        await notifier.RejectAsync(rejection, delivery.Body, messageId, delivery.CorrelationId, alertId, deadLetter: true, cancellationToken).ConfigureAwait(false);
    }
}
