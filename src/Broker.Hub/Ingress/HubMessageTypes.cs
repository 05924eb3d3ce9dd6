namespace Broker.Hub.Ingress;

/// <summary>AMQP property values on the hub vhost (TOPOLOGY.md).</summary>
public static class HubMessageTypes
{
    public const string EnvelopeContentType = "application/vnd.broker.envelope+cbor";
    public const string Envelope = "broker.envelope.v1";
    public const string Receipt = "broker.receipt.v1";
    public const string HeaderRejectCode = "x-reject-code";
    public const string HeaderRejectReason = "x-reject-reason";
    public const string HeaderRejectedBy = "x-rejected-by";
    public const string HeaderProtocolReason = "x-reject-protocol-reason";
    public const string HeaderOriginalUserId = "x-original-user-id";
    public const string HeaderOriginalRoutingKey = "x-original-routing-key";
    public const string HeaderOriginalBytes = "x-original-bytes";
    public const string HeaderEnvelopeId = "x-envelope-id";
}
