using System.Security.Cryptography;
using System.Text;
using RabbitMQ.Client;

namespace Broker.IntegrationTests.Topology;

/// <summary>Demo agencies and message shapes used by the topology tests.</summary>
internal static class Agencies
{
    public const string Thailand = "TH-ONCB";
    public const string Russia = "RU-MVD";

    public static CreateChannelOptions Confirmed { get; } = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    public static string NewMessageId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Hub properties as gateways and the core set them (protocols/amqp.md).</summary>
    public static BasicProperties Envelope(string messageId, string userId, string type = "broker.envelope.v1") => new()
    {
        ContentType = "application/vnd.broker.envelope+cbor",
        Type = type,
        MessageId = messageId,
        UserId = userId,
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
    };

    /// <summary>Premises-side properties of a plain case alert.</summary>
    public static BasicProperties Alert(string messageId) => new()
    {
        ContentType = "application/json",
        MessageId = messageId,
        DeliveryMode = DeliveryModes.Persistent,
    };

    public static byte[] Body(string messageId) => Encoding.UTF8.GetBytes($"{{\"test\":\"{messageId}\"}}");
}
