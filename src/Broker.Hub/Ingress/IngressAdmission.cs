using System.Diagnostics.CodeAnalysis;
using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Broker.Hub.Trust;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Steps 1-5 of src/Broker.Hub/README.md: the cheap checks of the AMQP message, before any cryptography. In order: the body
/// size (before any parsing), the AMQP user-id present, the user an agency of the registry, the header well-formed, and the
/// header's sender equal to that user. The first failure is the rejection.
/// </summary>
internal sealed class IngressAdmission(IOptions<RoutingOptions> options, ITrustRegistrySource trust)
{
    private readonly int _maxEnvelopeBytes = options.Value.MaxEnvelopeBytes;

    /// <summary>Takes a delivery in: the registry in force now and the agency its user-id names, if any.</summary>
    public IngressMessage Take(InboundDelivery delivery, long started)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var registry = trust.Current;
        return new IngressMessage(delivery, Authenticate(delivery.UserId, registry), registry, started);
    }

    /// <summary>
    /// True with the parsed header when the message passes; otherwise the rejection, and the header when it was parsed
    /// (a sender mismatch is refused with the envelope's id).
    /// </summary>
    public bool TryAdmit(IngressMessage message, [NotNullWhen(true)] out EnvelopeHeader? header, [NotNullWhen(false)] out IngressRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(message);
        var delivery = message.Delivery;
        header = null;

        // The size is checked before any parsing: an oversized body is never handed to the CBOR reader.
        if (delivery.Body.Length > _maxEnvelopeBytes)
        {
            rejection = new(RejectCodes.TooLarge, $"body of {delivery.Body.Length} bytes exceeds the cap of {_maxEnvelopeBytes}");
            return false;
        }

        if (delivery.UserId is null)
        {
            rejection = new(RejectCodes.UserIdMissing, "the message has no AMQP user-id");
            return false;
        }

        if (message.Sender is not { } sender)
        {
            rejection = new(RejectCodes.UnknownSender, "the AMQP user is not an agency in the trust registry");
            return false;
        }

        if (!Envelope.TryReadHeader(delivery.Body.Span, out var parsed, out var reason))
        {
            rejection = IngressRejection.Protocol(reason, "the body is not a well-formed envelope");
            return false;
        }

        header = parsed;
        if (parsed.Sender != sender)
        {
            rejection = new(RejectCodes.SenderMismatch, $"the envelope names sender {parsed.Sender} but the AMQP user is {sender}");
            return false;
        }

        rejection = null;
        return true;
    }

    private static AgencyId? Authenticate(string? userId, TrustRegistry registry) =>
        AgencyId.TryParse(userId, out var id) && registry.TryFindAgency(id, out _) ? id : null;
}
