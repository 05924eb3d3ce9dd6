using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Gateway.Storage;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Receipts;

namespace Broker.Gateway.Inbound;

internal sealed partial class DeliveryHandler
{
    /// <summary>
    /// A routing receipt from the hub about an envelope this agency sent: verified against the registry's hub keys,
    /// stored once by receipt id and forwarded to the agency system as <c>receipt.routing</c> (with the alert id it concerns).
    /// </summary>
    private async Task<DeliveryDisposition> HandleReceiptAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        if (!RoutingReceiptCodec.TryVerify(delivery.Body.Span, keyring.Registry, out var receipt, out var reason))
        {
            return await RefuseAsync(delivery, "receipt-" + reason.ToString(), cancellationToken).ConfigureAwait(false);
        }

        if (receipt.Sender != keyring.Keys.Agency)
        {
            return await RefuseAsync(delivery, "receipt-for-another-agency", cancellationToken).ConfigureAwait(false);
        }

        var alertId = receipt.EnvelopeId is null ? null : await store.FindAlertIdByEnvelopeAsync(receipt.EnvelopeId, cancellationToken).ConfigureAwait(false);
        var message = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["receiptId"] = receipt.ReceiptId,
            ["hubId"] = receipt.HubId,
            ["envelopeId"] = receipt.EnvelopeId,
            ["alertId"] = alertId?.ToString("D"),
            ["outcome"] = receipt.Outcome.ToString().ToLowerInvariant(),
            ["rejectCode"] = receipt.RejectCode,
            ["rejectReason"] = receipt.RejectReason,
            ["deliveredTo"] = new JsonArray([.. receipt.DeliveredTo.Select(a => (JsonNode?)JsonValue.Create(a.Value))]),
            ["withheld"] = new JsonArray([.. receipt.Withheld.Select(w => (JsonNode?)new JsonObject { ["agency"] = w.Agency.Value, ["code"] = w.Code, ["reason"] = w.Reason })]),
            ["issuedAt"] = receipt.IssuedAt,
            ["verification"] = "verified",
        });
        var added = await store.TryAddReceiptAsync(
            receipt.ReceiptId, receipt.EnvelopeId ?? string.Empty, delivery.Body.ToArray(), message, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (added == InboxAddResult.DuplicatePublished)
        {
            return DeliveryDisposition.Ack;
        }

        // As for alerts: a shutdown must not separate the publish from its record.
        await agency.PublishToAgencyAsync(AgencyNames.RoutingReceipt, message, receipt.ReceiptId, "broker.receipt.routing.v1", CancellationToken.None).ConfigureAwait(false);
        await store.MarkReceiptPublishedAsync(receipt.ReceiptId, CancellationToken.None).ConfigureAwait(false);
        logger.ReceiptForwarded(receipt.ReceiptId, receipt.EnvelopeId);
        return DeliveryDisposition.Ack;
    }
}
