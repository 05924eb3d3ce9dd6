using System.Text.Json.Nodes;

namespace Broker.Gateway.ReadModel;

/// <summary>
/// Reads members of a stored alert, receipt or broker block without trusting their types: alerts are written by other
/// agencies, so a member that is missing, of another type, an undecodable string or inside something that is not an
/// object reads as absent. None of these readers throws on content; pages use only these (or AlertRendering.Node).
/// </summary>
public static class AlertJson
{
    /// <summary>The string <paramref name="name"/> of <paramref name="node"/>, or the empty string.</summary>
    public static string Text(JsonNode? node, string name) => OptionalText(node, name) ?? string.Empty;

    /// <summary>The string <paramref name="name"/> of <paramref name="node"/>, or null.</summary>
    public static string? OptionalText(JsonNode? node, string name) => AsText(Member(node, name));

    /// <summary>The member <paramref name="name"/> of <paramref name="node"/> when it is an object, else null.</summary>
    public static JsonNode? Member(JsonNode? node, string name) => node is JsonObject o && o.TryGetPropertyValue(name, out var value) ? value : null;

    /// <summary>The string items of the array member <paramref name="name"/> (other items skipped); empty when it is not an array.</summary>
    public static IReadOnlyList<string> Texts(JsonNode? node, string name) =>
        Member(node, name) is JsonArray array ? [.. array.Select(AsText).OfType<string>()] : [];

    /// <summary>The object items of the array member <paramref name="name"/> (other items skipped).</summary>
    public static IReadOnlyList<JsonObject> Objects(JsonNode? node, string name) =>
        Member(node, name) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    /// <summary>A JSON string as text, or null (for another type, or an escape that is not valid UTF-16).</summary>
    public static string? AsText(JsonNode? node)
    {
        try
        {
            return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
