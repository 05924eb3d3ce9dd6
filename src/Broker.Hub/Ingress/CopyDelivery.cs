using System.Security.Cryptography;
using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Delivers one recipient's copy: the envelope stripped to that recipient (<see cref="Envelope.Strip"/>), published to
/// <c>hub.delivery</c> with routing key = agency, mandatory and with publisher confirms. A returned copy (no delivery queue)
/// is withheld as <c>no-delivery-queue</c>; a failed publish throws, so the ingress message is requeued.
/// </summary>
internal sealed class CopyDelivery([FromKeyedServices(HubServiceNames.HubConnection)] IConfirmedPublisher publisher, IOptions<RoutingOptions> options)
{
    private readonly RoutingOptions _options = options.Value;

    public async Task<RoutedRecipient> DeliverAsync(VerifiedEnvelope verified, AgencyId recipient, string rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verified);
        var copy = Envelope.Strip(verified, [recipient]);
        var outcome = await publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = _options.DeliveryExchange,
            RoutingKey = recipient.Value,
            Body = copy,
            ContentType = HubMessageTypes.EnvelopeContentType,
            Type = HubMessageTypes.Envelope,
            MessageId = verified.Header.Id.ToString(),
            UserId = _options.HubUserId,
        }, cancellationToken).ConfigureAwait(false);
        return outcome == PublishOutcome.Confirmed
            ? new RoutedRecipient(recipient, true, "delivered", rule, SHA256.HashData(copy))
            : new RoutedRecipient(recipient, false, "no-delivery-queue", rule, null);
    }
}

/// <summary>What became of one addressed recipient: delivered (with the SHA-256 of its confirmed copy) or withheld with a code.</summary>
internal sealed record RoutedRecipient(AgencyId Agency, bool Delivered, string Code, string Rule, byte[]? CopyHash);
