using System.Security.Cryptography;
using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Broker.Hub.Trust;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Issues routing receipts to the originator's <c>deliver.&lt;ID&gt;</c> queue: a routed receipt in the proven form the audit log
/// gave (or signed when it gave none), a rejection receipt always signed (batched with others waiting, <see cref="IReceiptSigner"/>).
/// </summary>
internal sealed class ReceiptIssuer(
    IReceiptSigner signer,
    [FromKeyedServices(HubServiceNames.HubConnection)] IConfirmedPublisher publisher,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<ReceiptIssuer> logger)
{
    private readonly RoutingOptions _options = options.Value;

    /// <summary>The receipt for a routed envelope; its id is derived from the envelope id (see <see cref="RoutedReceiptId"/>).</summary>
    public RoutingReceipt Routed(EnvelopeHeader header, IReadOnlyList<AgencyId> delivered, IReadOnlyList<WithheldRecipient> withheld)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new RoutingReceipt
        {
            ReceiptId = RoutedReceiptId(header.Id),
            HubId = signer.HubId,
            Sender = header.Sender,
            EnvelopeId = header.Id.ToString(),
            IssuedAt = time.GetUtcNow(),
            Outcome = ReceiptOutcome.Routed,
            DeliveredTo = delivered,
            Withheld = withheld,
        };
    }

    /// <summary>Sends a signed rejection receipt to <paramref name="sender"/>, the agency RabbitMQ authenticated.</summary>
    public Task SendRejectionAsync(AgencyId sender, string? envelopeId, IngressRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return SendAsync(new RoutingReceipt
        {
            ReceiptId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            HubId = signer.HubId,
            Sender = sender,
            EnvelopeId = envelopeId,
            IssuedAt = time.GetUtcNow(),
            Outcome = ReceiptOutcome.Rejected,
            RejectCode = rejection.Code,
            RejectReason = rejection.Reason,
        }, null, null, cancellationToken);
    }

    /// <summary>Sends the receipt in its proven form when the audit log gave one; otherwise signed.</summary>
    public async Task SendAsync(RoutingReceipt receipt, byte[]? payload, byte[]? proven, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        payload ??= RoutingReceiptCodec.EncodePayload(receipt);
        var wire = proven ?? await signer.SignAsync(payload, cancellationToken).ConfigureAwait(false);
        var headers = receipt.EnvelopeId is null ? null : new Dictionary<string, string> { [HubMessageTypes.HeaderEnvelopeId] = receipt.EnvelopeId };
        var outcome = await publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = _options.DeliveryExchange,
            RoutingKey = receipt.Sender.Value,
            Body = wire,
            ContentType = RoutingReceiptCodec.ContentType,
            Type = HubMessageTypes.Receipt,
            MessageId = receipt.ReceiptId,
            UserId = _options.HubUserId,
            Headers = headers,
        }, cancellationToken).ConfigureAwait(false);
        if (outcome == PublishOutcome.Unroutable)
        {
            logger.ReceiptUndeliverable(receipt.ReceiptId, receipt.Sender.Value);
        }
    }

    /// <summary>The same envelope always gets the same routed-receipt id, so a gateway can de-duplicate a receipt re-sent after a takeover.</summary>
    private static string RoutedReceiptId(EnvelopeId id) =>
        Convert.ToHexStringLower(SHA256.HashData([.. "broker/v1/routing-receipt"u8, .. id.Bytes])[..16]);
}
