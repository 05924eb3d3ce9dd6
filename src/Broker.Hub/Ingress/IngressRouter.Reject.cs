using Broker.Hosting.Rabbit;
using Broker.Hub.Decisions;
using Broker.Protocol.Receipts;

namespace Broker.Hub.Ingress;

public sealed partial class IngressRouter
{
    private const int MaxEchoedPropertyLength = 128;

    /// <summary>
    /// Dead-letters the message to hub.dlx with the reason, appends the refusal to the audit log, sends a rejection receipt when
    /// the AMQP user is an agency (authenticated by RabbitMQ), records the decision, logs it without payload bytes, then lets the
    /// message be acked.
    /// </summary>
    private async Task<DeliveryDisposition> RejectAsync(RouteContext context, string? envelopeId, IngressRejection rejection, CancellationToken cancellationToken)
    {
        var delivery = context.Delivery;
        var oversized = rejection.Code == RejectCodes.TooLarge;
        var headers = new Dictionary<string, string>
        {
            [HubMessageTypes.HeaderRejectCode] = rejection.Code,
            [HubMessageTypes.HeaderRejectReason] = rejection.Reason,
            [HubMessageTypes.HeaderRejectedBy] = Instance,
            [HubMessageTypes.HeaderOriginalRoutingKey] = Echo(delivery.RoutingKey) ?? "",
            [HubMessageTypes.HeaderOriginalBytes] = delivery.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (delivery.UserId is not null)
        {
            headers[HubMessageTypes.HeaderOriginalUserId] = Echo(delivery.UserId)!;
        }

        if (rejection.ProtocolReason != Protocol.RejectReason.None)
        {
            headers[HubMessageTypes.HeaderProtocolReason] = ((int)rejection.ProtocolReason).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // An oversized body is not copied into the dead-letter queue; its size is in x-original-bytes.
        await _publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = _options.DeadLetterExchange,
            RoutingKey = "rejected." + rejection.Code,
            Body = oversized ? ReadOnlyMemory<byte>.Empty : delivery.Body,
            ContentType = Echo(delivery.ContentType),
            Type = Echo(delivery.Type),
            MessageId = Echo(delivery.MessageId),
            UserId = _options.HubUserId,
            Headers = headers,
        }, cancellationToken).ConfigureAwait(false);

        // An oversized body is never read, so it is not hashed either.
        var bodyHash = oversized ? null : System.Security.Cryptography.SHA256.HashData(delivery.Body.Span);

        // The refusal is part of the tamper-evident record too: spoofing and replay attempts must be visible to auditors.
        await _audit.AppendAsync([new Broker.Protocol.AuditEntries.IngressRefused
        {
            Code = rejection.Code,
            Reason = rejection.Reason,
            AuthenticatedUser = Echo(delivery.UserId) ?? "",
            EnvelopeId = envelopeId,
            BodySize = delivery.Body.Length,
            BodyHash = bodyHash ?? [],
            RefusedAt = AuditTime(),
        }], default, cancellationToken).ConfigureAwait(false);

        if (context.Sender is { } sender)
        {
            await SendReceiptAsync(new RoutingReceipt
            {
                ReceiptId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
                HubId = _signer.HubId,
                Sender = sender,
                EnvelopeId = envelopeId ?? EnvelopeIdFromProperty(delivery.MessageId),
                IssuedAt = _time.GetUtcNow(),
                Outcome = ReceiptOutcome.Rejected,
                RejectCode = rejection.Code,
                RejectReason = rejection.Reason,
            }, cancellationToken).ConfigureAwait(false);
        }

        await _recorder.RecordAsync(new RoutingDecision
        {
            DecisionId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            DecidedAt = _time.GetUtcNow(),
            Instance = Instance,
            Outcome = RoutingDecision.Rejected,
            EnvelopeId = envelopeId,
            Sender = context.Sender?.Value,
            AuthenticatedUser = Echo(delivery.UserId),
            RejectCode = rejection.Code,
            RejectReason = rejection.Reason,
            BodyBytes = delivery.Body.Length,
            BodySha256 = bodyHash is null ? null : Convert.ToHexStringLower(bodyHash),
            RegistryVersion = context.Registry.Version,
        }, cancellationToken).ConfigureAwait(false);

        _metrics.Rejected(rejection.Code, _time.GetElapsedTime(context.Started));
        _logger.IngressRejected(rejection.Code, rejection.Reason, Echo(delivery.UserId), envelopeId, delivery.Body.Length, delivery.DeliveryTag);
        return DeliveryDisposition.Ack;
    }

    /// <summary>Untrusted AMQP properties are echoed only when short and printable.</summary>
    private static string? Echo(string? value) =>
        value is { Length: > 0 and <= MaxEchoedPropertyLength } && value.All(c => c is >= ' ' and <= '~') ? value : null;

    private static string? EnvelopeIdFromProperty(string? messageId) =>
        Protocol.Envelopes.EnvelopeId.TryParse(messageId, out var id) ? id.ToString() : null;
}
