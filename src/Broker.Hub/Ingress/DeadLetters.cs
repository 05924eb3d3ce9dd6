using System.Globalization;
using Broker.Hosting.Rabbit;
using Broker.Hub.Options;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Publishes a refused ingress message to <c>hub.dlx</c> with routing key <c>rejected.&lt;code&gt;</c> and the reject headers.
/// Untrusted AMQP properties are echoed only when short and printable; an oversized body is not copied (its size is in
/// <c>x-original-bytes</c>).
/// </summary>
internal sealed class DeadLetters([FromKeyedServices(HubServiceNames.HubConnection)] IConfirmedPublisher publisher, IOptions<RoutingOptions> options)
{
    private const int MaxEchoedPropertyLength = 128;
    private readonly RoutingOptions _options = options.Value;
    private readonly string _instance = options.Value.InstanceName;

    public async Task PublishAsync(InboundDelivery delivery, IngressRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(rejection);
        var headers = new Dictionary<string, string>
        {
            [HubMessageTypes.HeaderRejectCode] = rejection.Code,
            [HubMessageTypes.HeaderRejectReason] = rejection.Reason,
            [HubMessageTypes.HeaderRejectedBy] = _instance,
            [HubMessageTypes.HeaderOriginalRoutingKey] = Echo(delivery.RoutingKey) ?? "",
            [HubMessageTypes.HeaderOriginalBytes] = delivery.Body.Length.ToString(CultureInfo.InvariantCulture),
        };
        if (delivery.UserId is not null)
        {
            headers[HubMessageTypes.HeaderOriginalUserId] = Echo(delivery.UserId)!;
        }

        if (rejection.ProtocolReason != Protocol.RejectReason.None)
        {
            headers[HubMessageTypes.HeaderProtocolReason] = ((int)rejection.ProtocolReason).ToString(CultureInfo.InvariantCulture);
        }

        await publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = _options.DeadLetterExchange,
            RoutingKey = "rejected." + rejection.Code,
            Body = rejection.Code == RejectCodes.TooLarge ? ReadOnlyMemory<byte>.Empty : delivery.Body,
            ContentType = Echo(delivery.ContentType),
            Type = Echo(delivery.Type),
            MessageId = Echo(delivery.MessageId),
            UserId = _options.HubUserId,
            Headers = headers,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An untrusted AMQP property, or null unless it is short and printable.</summary>
    public static string? Echo(string? value) =>
        value is { Length: > 0 and <= MaxEchoedPropertyLength } && value.All(c => c is >= ' ' and <= '~') ? value : null;
}
