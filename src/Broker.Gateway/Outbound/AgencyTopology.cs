using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Outbound;

/// <summary>
/// The gateway's two AMQP connections, the hub side of the contract (protocols/amqp.md §3) and the headers it sets. The
/// agency side's exchanges, queues and routing keys are <see cref="AgencyNames"/>, shared with the agency's other tools.
/// </summary>
internal static class AgencyTopology
{
    public const string AgencyConnection = "agency";
    public const string HubConnection = "hub";

    public const string RejectCodeHeader = "x-reject-code";
    public const string RejectReasonHeader = "x-reject-reason";
    public const string RejectedByHeader = "x-rejected-by";
    public const string PossibleDuplicateHeader = "x-possible-duplicate";

    public const string HubIngressExchange = "hub.ingress";
    public const string EnvelopeContentType = "application/vnd.broker.envelope+cbor";
    public const string EnvelopeType = "broker.envelope.v1";
    public const string ReceiptType = "broker.receipt.v1";

    public static string IngressRoutingKey(string agency) => "from." + agency;

    public static string DeliveryQueue(string agency) => "deliver." + agency;
}
