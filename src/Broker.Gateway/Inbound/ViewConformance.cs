using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Inbound;

/// <summary>A view that carried data classes its signed header does not claim: which ones, and the view without them.</summary>
internal sealed record ViewViolation(IReadOnlyList<string> Unexpected, byte[] StrippedView)
{
    public const string InvalidClassLabel = "(invalid data class)";

    public string Describe() => string.Join(", ", Unexpected);
}

/// <summary>
/// The recipient's check that the view it opened holds only the data classes the signed header claims for it. The hub's
/// policy check covers exactly the claimed classes, so any other tagged object (or a tag that is not a data class) never
/// passed a policy: it is stripped before delivery, with the same fail-closed redaction the sender uses.
/// </summary>
internal static class ViewConformance
{
    private const string DataClassProperty = "dataClass";

    /// <summary>Null when the view conforms (or is not JSON, so it has no tags to check); otherwise the violation.</summary>
    public static ViewViolation? Check(OpenedEnvelope opened)
    {
        // Every kind that carries a case alert or an action is checked (issue 12 item 14): a reply or a grant is as able to
        // carry a person as an alert is. Receipts have a fixed shape of their own (DeliveryReceiptShape).
        ArgumentNullException.ThrowIfNull(opened);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(opened.Plaintext);
        }
        catch (JsonException)
        {
            return null;
        }

        var tags = new List<JsonNode?>();
        Collect(root, tags);
        var claimed = opened.DataClasses.ToHashSet();
        var unexpected = new SortedSet<string>(StringComparer.Ordinal);
        var strip = new HashSet<DataClass>();
        foreach (var tag in tags)
        {
            var text = tag is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (!DataClass.TryParse(text, out var dataClass))
            {
                unexpected.Add(ViewViolation.InvalidClassLabel);
            }
            else if (!claimed.Contains(dataClass))
            {
                unexpected.Add(dataClass.Value);
                strip.Add(dataClass);
            }
        }

        return unexpected.Count == 0 ? null : new ViewViolation([.. unexpected], AlertRedactor.Redact(opened.Plaintext, strip).Json);
    }

    private static void Collect(JsonNode? node, List<JsonNode?> tags)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == DataClassProperty)
                    {
                        tags.Add(child);
                    }
                    else
                    {
                        Collect(child, tags);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, tags);
                }

                break;
            default:
                break;
        }
    }
}
