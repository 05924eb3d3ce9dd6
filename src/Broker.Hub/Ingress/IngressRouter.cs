using Broker.Hosting.Rabbit;
using Broker.Hub.Telemetry;

namespace Broker.Hub.Ingress;

/// <summary>
/// Routes one ingress message, in the order of src/Broker.Hub/README.md: admission of the AMQP message
/// (<see cref="IngressAdmission"/>), verification and the envelope id claim (<see cref="EnvelopeAcceptance"/>), then the
/// recipients (<see cref="RecipientRouting"/>); the first failure is rejected (<see cref="IngressRejecter"/>). Returns
/// <see cref="DeliveryDisposition.Ack"/> only when every effect is durable; bad input is dead-lettered and acked. Transient
/// broker or store failures throw, and the consumer requeues the message.
/// </summary>
internal sealed class IngressRouter(
    IngressAdmission admission, EnvelopeAcceptance acceptance, RecipientRouting routing, IngressRejecter rejecter, TimeProvider time, HubMetrics metrics)
{
    public async Task<DeliveryDisposition> RouteAsync(InboundDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var message = admission.Take(delivery, time.GetTimestamp());
        if (!admission.TryAdmit(message, out var header, out var refused))
        {
            return await RejectAsync(message, header?.Id.ToString(), refused, cancellationToken).ConfigureAwait(false);
        }

        var accepted = await acceptance.AcceptAsync(message, header, cancellationToken).ConfigureAwait(false);
        if (accepted.Rejection is { } rejection)
        {
            return await RejectAsync(message, header.Id.ToString(), rejection, cancellationToken).ConfigureAwait(false);
        }

        if (!accepted.IsAccepted)
        {
            return DeliveryDisposition.Ack; // A redelivery of an envelope already routed: the ack was lost.
        }

        var outcomes = await routing.RouteAsync(message, accepted.Verified, accepted.VerifiedAt, cancellationToken).ConfigureAwait(false);
        foreach (var withheld in outcomes.Where(o => !o.Delivered))
        {
            metrics.Withheld(withheld.Code);
        }

        metrics.Routed(outcomes.Count(o => o.Delivered), time.GetElapsedTime(message.Started));
        acceptance.Complete(header.Id.ToString());
        return DeliveryDisposition.Ack;
    }

    private async Task<DeliveryDisposition> RejectAsync(IngressMessage message, string? envelopeId, IngressRejection rejection, CancellationToken cancellationToken)
    {
        await rejecter.RejectAsync(message, envelopeId, rejection, cancellationToken).ConfigureAwait(false);
        metrics.Rejected(rejection.Code, time.GetElapsedTime(message.Started));
        return DeliveryDisposition.Ack;
    }
}
