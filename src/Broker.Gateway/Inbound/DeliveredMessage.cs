using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Inbound;

/// <summary>
/// The JSON the agency system receives for a delivered envelope: the opened view under <c>alert</c> and a <c>broker</c>
/// block with what the gateway verified (sender, signature, times, markings) and which data classes were withheld from
/// this agency (every class the signed header lists for any view, minus the classes of the view this agency got).
/// </summary>
internal static class DeliveredMessage
{
    public static IReadOnlyList<DataClass> Withheld(OpenedEnvelope opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        return [.. opened.Header.Views.SelectMany(v => v.DataClasses).Distinct().Except(opened.DataClasses).OrderBy(c => c.Value, StringComparer.Ordinal)];
    }

    public static JsonObject HeaderFacts(EnvelopeHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new JsonObject
        {
            ["envelopeId"] = header.Id.ToString(),
            ["sender"] = header.Sender.Value,
            ["senderKeyId"] = header.SenderKeyId.ToString(),
            ["kind"] = header.Kind.ToString(),
            ["inReplyTo"] = header.InReplyTo?.ToString(),
            ["created"] = header.Created,
            ["expires"] = header.Expires,
            ["category"] = Wire.Name(header.Category),
            ["priority"] = Wire.Name(header.Priority),
            ["tlp"] = Wire.Name(header.Tlp),
            ["classification"] = Wire.Name(header.Classification),
            ["handling"] = new JsonArray([.. Wire.Names(header.Handling).Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["broadcast"] = header.Broadcast,
        };
    }

    /// <summary>The agency message; with a <paramref name="violation"/>, the stripped view and a <c>policyViolation</c> block instead of the opened view.</summary>
    public static byte[] Compose(OpenedEnvelope opened, DateTimeOffset verifiedAt, ViewViolation? violation = null)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var broker = HeaderFacts(opened.Header);
        broker["verification"] = new JsonObject
        {
            ["result"] = "verified",
            ["signature"] = "ed25519+ml-dsa-65",
            ["registryChecked"] = true,
            ["verifiedAt"] = verifiedAt,
        };
        broker["viewIndex"] = opened.ViewIndex;
        broker["dataClasses"] = Classes(opened.DataClasses);
        broker["withheldDataClasses"] = Classes(Withheld(opened));
        if (violation is not null)
        {
            broker["policyViolation"] = new JsonObject
            {
                ["unexpectedDataClasses"] = new JsonArray([.. violation.Unexpected.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["action"] = "stripped",
            };
        }

        var plaintext = violation?.StrippedView ?? opened.Plaintext;
        var message = new JsonObject { ["broker"] = broker };
        try
        {
            message[DeliveryReceiptShape.IsReceipt(opened.Header.Kind) ? "receipt" : "alert"] = JsonNode.Parse(plaintext);
        }
        catch (JsonException)
        {
            // An authenticated sender may carry a non-JSON kind later; hand it over unchanged rather than dropping it.
            message["contentBase64"] = Convert.ToBase64String(plaintext);
        }

        return JsonSerializer.SerializeToUtf8Bytes(message);
    }

    private static JsonArray Classes(IEnumerable<DataClass> classes) => new([.. classes.Select(c => (JsonNode?)JsonValue.Create(c.Value))]);
}
