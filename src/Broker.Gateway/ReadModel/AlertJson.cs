using System.Text.Json.Nodes;

namespace Broker.Gateway.ReadModel;

/// <summary>
/// Reads a string member of a stored alert, receipt or broker block without trusting its type: alerts are written by other
/// agencies, so a member that is missing, not a string or inside something that is not an object reads as absent.
/// </summary>
public static class AlertJson
{
    /// <summary>The string <paramref name="name"/> of <paramref name="node"/>, or the empty string.</summary>
    public static string Text(JsonNode? node, string name) => OptionalText(node, name) ?? string.Empty;

    /// <summary>The string <paramref name="name"/> of <paramref name="node"/>, or null.</summary>
    public static string? OptionalText(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
