using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Options;
using Broker.Gateway.Storage;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Tells the agency system what became of its alerts: a refusal goes to <c>agency.inbound</c> as <c>alert.rejected</c>
/// (JSON with the code and reason, also as headers) and the original message to <c>agency.dlx</c> with the same headers.
/// Both are confirmed before the caller acks, so a refusal is never silent. Everything published about one of the agency's
/// own messages carries <c>correlation_id</c>: the agency system's own <c>correlation_id</c> of that message, else its
/// <c>message_id</c> (protocols/amqp.md §2.2); the store keeps both for accepted alerts, so receipts arriving later find them.
/// </summary>
internal sealed class AgencyNotifier(
    [FromKeyedServices(AgencyTopology.AgencyConnection)] IConfirmedPublisher publisher,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    GatewayStore? store = null)
{
    private readonly string _agency = options.Value.Agency;

    public Task RejectAsync(AlertRejection rejection, ReadOnlyMemory<byte> originalBody, string? messageId, Guid? alertId, bool deadLetter, CancellationToken cancellationToken) =>
        RejectAsync(rejection, originalBody, messageId, null, alertId, deadLetter, cancellationToken);

    /// <summary>
    /// Refuses one message. The rejection has a <c>message_id</c> of its own (<see cref="RejectionMessageId"/>); the dead
    /// letter is the original message as received, with its own <c>message_id</c> and <c>correlation_id</c>.
    /// </summary>
    public async Task RejectAsync(
        AlertRejection rejection, ReadOnlyMemory<byte> originalBody, string? messageId, string? correlationId, Guid? alertId, bool deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        if (messageId is null && correlationId is null && alertId is { } known && store is not null
            && await store.FindOriginByAlertAsync(known, cancellationToken).ConfigureAwait(false) is { } origin)
        {
            // A refusal after acceptance (sealing failed, envelope expired): the ids the agency system gave the alert.
            (messageId, correlationId) = (origin.MessageId, origin.CorrelationId);
        }

        var headers = new Dictionary<string, string>
        {
            [AgencyTopology.RejectCodeHeader] = rejection.WireCode,
            [AgencyTopology.RejectReasonHeader] = rejection.Reason,
            [AgencyTopology.RejectedByHeader] = AgencyNames.GatewayUser(_agency),
        };
        var notice = JsonSerializer.SerializeToUtf8Bytes(new
        {
            alertId,
            messageId,
            correlationId = correlationId ?? messageId,
            code = rejection.WireCode,
            reason = rejection.Reason,
            rejectedAt = timeProvider.GetUtcNow(),
        });
        await PublishAsync(
            AgencyNames.InboundExchange, AgencyNames.Rejected, notice, "application/json", RejectionMessageId(messageId, rejection.WireCode, originalBody.Span),
            correlationId ?? messageId, headers, cancellationToken, AgencyNames.Rejected).ConfigureAwait(false);
        if (deadLetter)
        {
            await PublishAsync(AgencyNames.DeadLetterExchange, AgencyNames.Rejected, originalBody, null, messageId, correlationId, headers, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>rejected-</c> and 32 hex digits of SHA-256 over the original id, the code and the body: new for every refused
    /// message, the same when one message is refused again after a redelivery (so the agency system can drop the repeat).
    /// </summary>
    public static string RejectionMessageId(string? originalMessageId, string code, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{originalMessageId?.Length ?? -1}:{originalMessageId}\n{code}\n"));
        hash.AppendData(body);
        return "rejected-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>
    /// Publishes to the agency system; <paramref name="possibleDuplicate"/> adds <c>x-possible-duplicate: true</c> for a
    /// republish whose first attempt may have arrived. <paramref name="correlationId"/> is set as given; when it is null, a
    /// receipt finds the ids of the alert it concerns in the store (<see cref="CorrelationOfReceiptAsync"/>).
    /// </summary>
    public async Task PublishToAgencyAsync(
        string routingKey, ReadOnlyMemory<byte> body, string messageId, string type, CancellationToken cancellationToken, bool possibleDuplicate = false, string? correlationId = null)
    {
        correlationId ??= await CorrelationOfReceiptAsync(routingKey, body, cancellationToken).ConfigureAwait(false);
        await PublishAsync(
            AgencyNames.InboundExchange, routingKey, body, "application/json", messageId, correlationId,
            possibleDuplicate ? new Dictionary<string, string> { [AgencyTopology.PossibleDuplicateHeader] = "true" } : null, cancellationToken, type).ConfigureAwait(false);
    }

    /// <summary>The correlation id of an accepted alert (its <c>correlation_id</c>, else its <c>message_id</c>), or null.</summary>
    public async Task<string?> CorrelationOfAlertAsync(Guid alertId, CancellationToken cancellationToken) =>
        store is null ? null : (await store.FindOriginByAlertAsync(alertId, cancellationToken).ConfigureAwait(false))?.CorrelationId;

    /// <summary>
    /// A routing receipt names the envelope in <c>envelopeId</c>, a delivery receipt in <c>broker.inReplyTo</c>: the store
    /// maps that envelope back to the alert and to the ids the agency system gave it.
    /// </summary>
    private async Task<string?> CorrelationOfReceiptAsync(string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (store is null || routingKey is not (AgencyNames.RoutingReceipt or AgencyNames.DeliveryReceipt))
        {
            return null;
        }

        string? envelopeId;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var holder = routingKey == AgencyNames.RoutingReceipt ? root : root.TryGetProperty("broker", out var broker) ? broker : default;
            var name = routingKey == AgencyNames.RoutingReceipt ? "envelopeId" : "inReplyTo";
            envelopeId = holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }

        return envelopeId is null ? null : (await store.FindOriginByEnvelopeAsync(envelopeId, cancellationToken).ConfigureAwait(false))?.CorrelationId;
    }

    private async Task PublishAsync(
        string exchange, string routingKey, ReadOnlyMemory<byte> body, string? contentType, string? messageId, string? correlationId,
        IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken, string? type = null)
    {
        var outcome = await publisher.PublishAsync(
            new OutgoingMessage
            {
                Exchange = exchange,
                RoutingKey = routingKey,
                Body = body,
                ContentType = contentType,
                MessageId = messageId,
                CorrelationId = correlationId,
                Type = type,
                Headers = headers,
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome != PublishOutcome.Confirmed)
        {
            // No queue bound: the agency vhost is misconfigured. Fail so the delivery is retried rather than lost.
            throw new InvalidOperationException($"The agency broker returned a message for {exchange} as unroutable.");
        }
    }
}
