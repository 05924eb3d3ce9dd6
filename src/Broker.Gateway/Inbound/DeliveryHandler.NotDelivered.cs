using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Broker.Protocol.Envelopes;

namespace Broker.Gateway.Inbound;

internal sealed partial class DeliveryHandler
{
    /// <summary>
    /// Queues this agency's signed "not delivered" receipt (protocols/case-alert.md, "Delivery receipts") for an envelope
    /// it could not open or validate: the same outbox key as a delivered receipt, so one receipt per envelope whatever the
    /// redeliveries. Never for a receipt (receipts do not echo).
    /// </summary>
    private async Task QueueNotDeliveredAsync(EnvelopeHeader original, string code, DateTimeOffset now)
    {
        if (DeliveryReceiptShape.IsReceipt(original.Kind) || !options.Value.SendDeliveryReceipts)
        {
            return;
        }

        var body = DeliveryReceiptSealer.Compose(original, keyring.Keys.Agency, now, notDeliveredReason: code);
        if (await store.TryEnqueueAsync(DeliveryReceiptSealer.OutboxKey(original.Id), body, now, OutboxKind.DeliveryReceipt, CancellationToken.None).ConfigureAwait(false))
        {
            logger.NotDeliveredReceiptQueued(original.Id.ToString(), original.Sender.Value, code);
            outboxSignal.Wake();
        }
    }

    /// <summary>
    /// An envelope this gateway cannot open (a corrupted or swapped stanza or view, a key it does not hold) is answered only
    /// when its signature verifies against the registry and its header addresses this agency: then the signed sender is
    /// known and is owed the answer. Anything unsigned or not for us is refused silently, as before: answering it would let
    /// anyone make this gateway send receipts.
    /// </summary>
    private async Task QueueNotDeliveredForUnopenedAsync(byte[] bytes, string code, DateTimeOffset now)
    {
        if (Envelope.TryVerify(bytes, keyring.Registry, now, out var verified, out _)
            && verified.Header.FindRecipient(keyring.Keys.Agency) is not null)
        {
            await QueueNotDeliveredAsync(verified.Header, code, now).ConfigureAwait(false);
        }
    }
}
