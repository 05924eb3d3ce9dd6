using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Options;
using Broker.Gateway.Sharing;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Handles one message from <c>gateway.outbound</c>: a valid alert is stored in the outbox (idempotent by alert id) and acked; an invalid
/// one, or one whose markings contradict each other (TLP:RED broadcast, ...), is refused to the agency system and dead-lettered,
/// then acked, so a bad message never blocks the queue. A dry run (header <c>x-dry-run: true</c>) is evaluated against the
/// policies in force and answered with a sharing notice only: nothing is stored, sealed or sent. A failure to store or to
/// notify throws, and the consumer loop requeues the message.
/// </summary>
internal sealed class OutboundHandler(
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
    public async Task<DeliveryDisposition> HandleAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!validator.TryValidate(delivery.Body, out var alert, out var rejection))
        {
            logger.AlertRejected(rejection.WireCode, delivery.Body.Length, delivery.MessageId);
            metrics.AlertsRejected.Add(1, new KeyValuePair<string, object?>("code", rejection.WireCode));
            await notifier.RejectAsync(rejection, delivery.Body, delivery.MessageId, PeekId(delivery.Body), deadLetter: true, cancellationToken).ConfigureAwait(false);
            return DeliveryDisposition.Ack;
        }

        var plan = sealer.Evaluate(alert.Alert, alert.Json.Span);
        if (IsDryRun(delivery))
        {
            var refusal = plan.IsRefused ? PolicyRefusals.Rejection(plan.Evaluation) : null;
            var notice = SharingNotice.Compose(alert.Alert.Id, delivery.MessageId, NoticeStage.DryRun, plan, null, refusal);
            await notifier.PublishToAgencyAsync(
                AgencyNames.SharingNotice, notice, SharingNotice.MessageId(alert.Alert.Id, true, delivery.MessageId), SharingNotice.Type, cancellationToken).ConfigureAwait(false);
            logger.DryRunAnswered(alert.Alert.Id, plan.Recipients.Count, plan.Outcomes.Count);
            return DeliveryDisposition.Ack;
        }

        if (plan.IsRefused)
        {
            var refusal = PolicyRefusals.Rejection(plan.Evaluation);
            logger.AlertRejected(refusal.WireCode, delivery.Body.Length, delivery.MessageId);
            metrics.AlertsRejected.Add(1, new KeyValuePair<string, object?>("code", refusal.WireCode));
            await notifier.RejectAsync(refusal, delivery.Body, delivery.MessageId, alert.Alert.Id, deadLetter: true, cancellationToken).ConfigureAwait(false);
            return DeliveryDisposition.Ack;
        }

        if (await store.TryEnqueueAsync(alert.Alert.Id, alert.Json, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            logger.AlertAccepted(alert.Alert.Id, alert.Json.Length);
            metrics.AlertsAccepted.Add(1);
            signal.Wake();
        }
        else
        {
            logger.AlertDuplicate(alert.Alert.Id);
        }

        return DeliveryDisposition.Ack;
    }

    /// <summary>The header <c>x-dry-run</c> set to <c>true</c> (any case) asks for the sharing notice only.</summary>
    internal static bool IsDryRun(InboundDelivery delivery) =>
        string.Equals(delivery.GetHeader(DryRunHeader), "true", StringComparison.OrdinalIgnoreCase);

    public const string DryRunHeader = "x-dry-run";

    /// <summary>The alert id of a refused message when it is readable JSON, so the agency system can correlate the refusal.</summary>
    private Guid? PeekId(ReadOnlyMemory<byte> body)
    {
        if (body.Length == 0 || body.Length > options.Value.MaxAlertBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = AlertLimits.Default.MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                && Guid.TryParse(id.GetString(), out var guid) ? guid : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
