using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Options;
using Broker.Gateway.Storage;
using Broker.Gateway.Telemetry;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Handles one message from <c>gateway.outbound</c>: a valid alert is stored in the outbox (idempotent by alert id) and acked; an invalid
/// one is refused to the agency system and dead-lettered, then acked, so a bad message never blocks the queue. A failure
/// to store or to notify throws, and the consumer loop requeues the message.
/// </summary>
internal sealed class OutboundHandler(
    IOptions<GatewayOptions> options,
    AlertValidator validator,
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
