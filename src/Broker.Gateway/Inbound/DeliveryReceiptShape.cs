using System.Globalization;
using System.Text.Json;
using Broker.Gateway.Outbound;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Inbound;

/// <summary>
/// The exact shape of a delivery receipt's plaintext (protocols/case-alert.md, "Delivery receipts"): only the listed
/// members, each of its type, naming the envelope the signed header answers, this agency as the original sender and the
/// signed sender as the recipient. A receipt carries ids and reason codes, never content: anything more is malformed.
/// </summary>
internal static class DeliveryReceiptShape
{
    private const int MaxCodeLength = 64;

    private static readonly HashSet<string> Members =
        ["kind", "envelopeId", "originalSender", "recipient", "deliveredAt", "category", "tlp", "expires", "policyViolation", "outcome", "reason"];

    /// <summary>The envelope kinds that carry a delivery receipt: delivered (8) and not delivered (9). Neither is ever answered.</summary>
    public static bool IsReceipt(MessageKind kind) => kind is MessageKind.DeliveryReceipt or MessageKind.NonDelivery;

    public static bool Conforms(JsonElement root, EnvelopeHeader header, AgencyId self)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (root.ValueKind != JsonValueKind.Object || header.InReplyTo is not { } about || root.EnumerateObject().Any(p => !Members.Contains(p.Name)))
        {
            return false;
        }

        var outcome = Text(root, "outcome");
        return Text(root, "kind") == DeliveryReceiptSealer.ReceiptKind
            && Text(root, "envelopeId") == about.ToString()
            && Text(root, "originalSender") == self.Value
            && Text(root, "recipient") == header.Sender.Value
            && Time(root, "deliveredAt") && Time(root, "expires")
            && Wire.TryParse(Text(root, "category"), out Category _) && Wire.TryParse(Text(root, "tlp"), out Tlp _)
            && (!root.TryGetProperty("policyViolation", out var v) || Violation(v))
            && (header.Kind == MessageKind.DeliveryReceipt
                ? !root.TryGetProperty("outcome", out _) && !root.TryGetProperty("reason", out _)
                : outcome == DeliveryReceiptSealer.NotDelivered && Code(Text(root, "reason")));
    }

    private static bool Violation(JsonElement v) =>
        v.ValueKind == JsonValueKind.Object
        && v.EnumerateObject().All(p => p.Name is "unexpectedDataClasses" or "action")
        && Text(v, "action") == "stripped"
        && v.TryGetProperty("unexpectedDataClasses", out var classes) && classes.ValueKind == JsonValueKind.Array
        && classes.GetArrayLength() <= 64
        && classes.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String && c.GetString()!.Length <= MaxCodeLength);

    private static bool Code(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && code.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-');

    private static bool Time(JsonElement root, string name) =>
        DateTimeOffset.TryParse(Text(root, name), CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
