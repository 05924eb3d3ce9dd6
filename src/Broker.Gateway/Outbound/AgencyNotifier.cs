using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Options;
using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Outbound;

/// <summary>
/// Tells the agency system what became of its alerts: a refusal goes to <c>agency.inbound</c> as <c>alert.rejected</c>
/// (JSON with the code and reason, also as headers) and the original message to <c>agency.dlx</c> with the same headers.
/// Both are confirmed before the caller acks, so a refusal is never silent.
/// </summary>
internal sealed class AgencyNotifier(
    [FromKeyedServices(AgencyTopology.AgencyConnection)] IConfirmedPublisher publisher,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider)
{
    private readonly string _agency = options.Value.Agency;

    public async Task RejectAsync(AlertRejection rejection, ReadOnlyMemory<byte> originalBody, string? messageId, Guid? alertId, bool deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejection);
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
            code = rejection.WireCode,
            reason = rejection.Reason,
            rejectedAt = timeProvider.GetUtcNow(),
        });
        await PublishAsync(AgencyNames.InboundExchange, AgencyNames.Rejected, notice, "application/json", messageId, headers, cancellationToken).ConfigureAwait(false);
        if (deadLetter)
        {
            await PublishAsync(AgencyNames.DeadLetterExchange, AgencyNames.Rejected, originalBody, null, messageId, headers, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes to the agency system; <paramref name="possibleDuplicate"/> adds <c>x-possible-duplicate: true</c> for a republish whose first attempt may have arrived.</summary>
    public Task PublishToAgencyAsync(string routingKey, ReadOnlyMemory<byte> body, string messageId, string type, CancellationToken cancellationToken, bool possibleDuplicate = false) =>
        PublishAsync(
            AgencyNames.InboundExchange, routingKey, body, "application/json", messageId,
            possibleDuplicate ? new Dictionary<string, string> { [AgencyTopology.PossibleDuplicateHeader] = "true" } : null, cancellationToken, type);

    private async Task PublishAsync(
        string exchange, string routingKey, ReadOnlyMemory<byte> body, string? contentType, string? messageId,
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
