namespace Broker.Gateway.Outbound;

/// <summary>Names from TOPOLOGY.md: the agency vhost objects the gateway uses and the hub's wire properties.</summary>
internal static class AgencyTopology
{
    public const string AgencyConnection = "agency";
    public const string HubConnection = "hub";

    public const string OutboundQueue = "gateway.outbound";
    public const string InboundExchange = "agency.inbound";
    public const string DeadLetterExchange = "agency.dlx";

    public const string Delivered = "alert.delivered";
    public const string Rejected = "alert.rejected";
    public const string RoutingReceipt = "receipt.routing";
    public const string DeliveryReceipt = "receipt.delivery";

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
