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

    /// <summary>A view that parses as JSON but cannot be read as one tree or written back; it is replaced by <c>{}</c>.</summary>
    public const string UnreadableLabel = "(unreadable JSON)";

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

        var tags = new List<JsonNode?>();
        List<string?> texts;
        try
        {
            Collect(JsonNode.Parse(opened.Plaintext), tags);
            texts = [.. tags.Select(tag => tag is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)];
        }
        catch (JsonException)
        {
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // JSON no tree can be read from: JsonNode parses lazily, so text that is not UTF-8 or a lone surrogate
            // (InvalidOperationException) or a name twice in one object (ArgumentException) throws only during the walk
            // (found by the opened-view fuzz target). Its tags cannot be checked, so it fails closed: withheld whole.
            return Unreadable([]);
        }

        var claimed = opened.DataClasses.ToHashSet();
        var unexpected = new SortedSet<string>(StringComparer.Ordinal);
        var strip = new HashSet<DataClass>();
        foreach (var text in texts)
        {
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

        if (unexpected.Count == 0)
        {
            return null;
        }

        try
        {
            return new ViewViolation([.. unexpected], AlertRedactor.Redact(opened.Plaintext, strip).Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // The redactor writes the view back and so decodes every string (a lone surrogate elsewhere throws).
            return Unreadable(unexpected);
        }
    }

    private static ViewViolation Unreadable(IEnumerable<string> unexpected) =>
        new([.. unexpected, ViewViolation.UnreadableLabel], "{}"u8.ToArray());

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
