using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Gateway.Trust;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Outbound;

/// <summary>
/// This gateway's delivery receipt for an envelope it received and handed to its agency system: an envelope of kind
/// <see cref="MessageKind.DeliveryReceipt"/>, signed by this agency, sealed to the original sender only, in reply to the
/// original envelope id, carrying the original markings so the hub applies the same rules. It names ids, never content.
/// </summary>
internal sealed class DeliveryReceiptSealer(GatewayKeyring keyring, TimeProvider timeProvider)
{
    public const string ReceiptKind = "broker.delivery-receipt.v1";

    /// <summary>The <c>outcome</c> of a receipt for an envelope this gateway could not open or validate; a delivered one has no outcome member.</summary>
    public const string NotDelivered = "not-delivered";

    /// <summary>
    /// The receipt body stored in the outbox (the plaintext of the receipt's single view). <paramref name="unexpectedClasses"/>
    /// reports a data-class violation found in the delivered view (names only), so the originator learns of it.
    /// <paramref name="notDeliveredReason"/> makes it a "not delivered" receipt: <c>outcome: "not-delivered"</c> and the
    /// inbound reason code, and nothing reached the agency system.
    /// </summary>
    public static byte[] Compose(
        EnvelopeHeader original, AgencyId recipient, DateTimeOffset deliveredAt, IReadOnlyList<string>? unexpectedClasses = null, string? notDeliveredReason = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        var receipt = new JsonObject
        {
            ["kind"] = ReceiptKind,
            ["envelopeId"] = original.Id.ToString(),
            ["originalSender"] = original.Sender.Value,
            ["recipient"] = recipient.Value,
            ["deliveredAt"] = deliveredAt,
            ["category"] = Wire.Name(original.Category),
            ["tlp"] = Wire.Name(original.Tlp),
            ["expires"] = original.Expires,
        };
        if (unexpectedClasses is { Count: > 0 })
        {
            receipt["policyViolation"] = new JsonObject
            {
                ["unexpectedDataClasses"] = new JsonArray([.. unexpectedClasses.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["action"] = "stripped",
            };
        }

        if (notDeliveredReason is not null)
        {
            receipt["outcome"] = NotDelivered;
            receipt["reason"] = notDeliveredReason;
        }

        return JsonSerializer.SerializeToUtf8Bytes(receipt);
    }

    /// <summary>The outbox key of a receipt: the original envelope's 16 bytes, so one receipt per envelope whatever the redeliveries.</summary>
    public static Guid OutboxKey(EnvelopeId original) => new(original.Bytes);

    public bool TrySeal(ReadOnlyMemory<byte> receiptJson, [NotNullWhen(true)] out SealedAlert? sealedReceipt, [NotNullWhen(false)] out AlertRejection? rejection)
    {
        sealedReceipt = null;
        var json = JsonNode.Parse(receiptJson.Span)!;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var sender = AgencyId.Parse(json["originalSender"]!.GetValue<string>());
        var expires = json["expires"]!.GetValue<DateTimeOffset>();
        if (expires <= now)
        {
            rejection = AlertRejection.Of(AlertRejectCode.Expired, "The original envelope expired before its delivery receipt could be sent.");
            return false;
        }

        if (!keyring.Registry.TryGetEncryptionKey(sender, now, out var key, out var reason))
        {
            rejection = AlertRejection.Of(AlertRejectCode.NoRecipients, $"The original sender has no current encryption key ({reason}).");
            return false;
        }

        var category = Wire.TryParse(json["category"]!.GetValue<string>(), out Category c) ? c : throw new FormatException("The stored receipt has an unknown category.");
        var tlp = Wire.TryParse(json["tlp"]!.GetValue<string>(), out Tlp t) ? t : throw new FormatException("The stored receipt has an unknown TLP.");
        var request = new SealRequest
        {
            Id = EnvelopeId.New(),
            // A "not delivered" answer says so in the signed header, so the hub's audit log records it without any key.
            Kind = json["outcome"] is JsonValue o && o.TryGetValue<string>(out var outcome) && outcome == NotDelivered ? MessageKind.NonDelivery : MessageKind.DeliveryReceipt,
            InReplyTo = EnvelopeId.Parse(json["envelopeId"]!.GetValue<string>()),
            Created = now,
            Expires = expires,
            Category = category,
            Tlp = tlp,
            Views = [new ViewContent([], receiptJson)],
            Recipients = [new RecipientSpec(sender, 0, key)],
        };
        sealedReceipt = new SealedAlert(request.Id, Envelope.Seal(request, keyring.Keys), $"{sender}:0", 1, 1);
        rejection = null;
        return true;
    }
}
