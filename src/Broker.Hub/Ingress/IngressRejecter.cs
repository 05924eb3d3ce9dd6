using System.Security.Cryptography;
using Broker.Protocol.Envelopes;

namespace Broker.Hub.Ingress;

/// <summary>
/// Rejects an ingress message, in this order: the dead letter (<see cref="DeadLetters"/>), the refusal in the audit log (spoofing
/// and replay attempts must be visible to auditors), a signed rejection receipt when the AMQP user is a registered agency, and one
/// log line (EventId 2010) without payload bytes. Then the message may be acked: a poison message never blocks the queue.
/// </summary>
internal sealed class IngressRejecter(DeadLetters deadLetters, IngressAudit audit, ReceiptIssuer receipts, ILogger<IngressRejecter> logger)
{
    public async Task RejectAsync(IngressMessage message, string? envelopeId, IngressRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(rejection);
        var delivery = message.Delivery;
        await deadLetters.PublishAsync(delivery, rejection, cancellationToken).ConfigureAwait(false);

        // An oversized body is never read, so it is not hashed either.
        var bodyHash = rejection.Code == RejectCodes.TooLarge ? [] : SHA256.HashData(delivery.Body.Span);
        await audit.RefusedAsync(delivery, envelopeId, rejection, bodyHash, cancellationToken).ConfigureAwait(false);

        if (message.Sender is { } sender)
        {
            var receiptFor = envelopeId ?? (EnvelopeId.TryParse(delivery.MessageId, out var id) ? id.ToString() : null);
            await receipts.SendRejectionAsync(sender, receiptFor, rejection, cancellationToken).ConfigureAwait(false);
        }

        logger.IngressRejected(rejection.Code, rejection.Reason, DeadLetters.Echo(delivery.UserId), envelopeId, delivery.Body.Length, delivery.DeliveryTag);
    }
}
