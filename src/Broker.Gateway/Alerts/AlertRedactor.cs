using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Alerts;

/// <summary>A view of an alert: its JSON and the data classes it still contains (sorted, distinct).</summary>
internal sealed record AlertView(byte[] Json, IReadOnlyList<DataClass> DataClasses, IReadOnlyList<DataClass> Withheld);

/// <summary>
/// Removes every object tagged with a withheld data class (an entity, a note, a biometric, the source description) from an
/// alert. An array emptied by redaction is removed too, so a view does not reveal that such entities existed. A
/// <c>dataClass</c> value that does not parse counts as withheld: redaction fails closed.
/// </summary>
internal static class AlertRedactor
{
    private const string DataClassProperty = "dataClass";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The distinct data classes the alert carries, in ordinal order.</summary>
    public static IReadOnlyList<DataClass> ClassesPresent(ReadOnlySpan<byte> alertJson)
    {
        var root = JsonNode.Parse(alertJson) ?? throw new FormatException("The alert JSON is null.");
        var found = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root, found);
        return [.. found.Select(DataClass.Parse)];
    }

    public static AlertView Redact(ReadOnlySpan<byte> alertJson, IReadOnlySet<DataClass> withheld)
    {
        ArgumentNullException.ThrowIfNull(withheld);
        var root = JsonNode.Parse(alertJson) ?? throw new FormatException("The alert JSON is null.");
        var before = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root, before);
        Prune(root, withheld);
        var after = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root, after);
        before.ExceptWith(after);
        return new AlertView(
            JsonSerializer.SerializeToUtf8Bytes(root, Compact),
            [.. after.Select(DataClass.Parse)],
            [.. before.Select(c => DataClass.TryParse(c, out var d) ? d : default).Where(d => d.Value is not null)]);
    }

    private static bool IsWithheld(JsonNode? node, IReadOnlySet<DataClass> withheld)
    {
        if (node is not JsonObject obj || !obj.TryGetPropertyValue(DataClassProperty, out var value))
        {
            return false;
        }

        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return !DataClass.TryParse(text, out var dataClass) || withheld.Contains(dataClass);
    }

    private static void Prune(JsonNode? node, IReadOnlySet<DataClass> withheld)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    var child = obj[name];
                    if (IsWithheld(child, withheld))
                    {
                        obj.Remove(name);
                        continue;
                    }

                    if (child is JsonArray array && array.Count > 0)
                    {
                        Prune(array, withheld);
                        if (array.Count == 0)
                        {
                            obj.Remove(name);
                        }

                        continue;
                    }

                    Prune(child, withheld);
                }

                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (IsWithheld(array[i], withheld))
                    {
                        array.RemoveAt(i);
                    }
                    else
                    {
                        Prune(array[i], withheld);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static void Collect(JsonNode? node, SortedSet<string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == DataClassProperty && child is JsonValue v && v.TryGetValue<string>(out var text) && DataClass.TryParse(text, out _))
                    {
                        found.Add(text);
                    }
                    else
                    {
                        Collect(child, found);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, found);
                }

                break;
            default:
                break;
        }
    }
}
