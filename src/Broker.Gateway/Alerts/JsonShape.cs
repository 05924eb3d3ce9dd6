using System.Text.Json;

namespace Broker.Gateway.Alerts;

/// <summary>
/// One forward-only pass over an alert's bytes, before anything builds a tree of it: well-formed JSON (a truncated
/// document is <c>not-json</c>, never <c>nesting-too-deep</c>), nesting within the cap, no property name twice in one
/// object, and every string and property name decodable to Unicode scalar values without control characters
/// (protocols/amqp.md §2.6). Later stages (schema, redactor, sealer) may then assume text they can decode and one value
/// per name. Never throws for any input.
/// </summary>
internal static class JsonShape
{
    public static AlertRejection? Check(ReadOnlySpan<byte> body, int maxDepth)
    {
        // The reader's own depth limit sits above ours, so our check (with its own code) always fires first; the
        // reader does not recurse, so even a body of brackets costs no stack.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth + 2 });
        var names = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= maxDepth)
                        {
                            return AlertRejection.Of(AlertRejectCode.NestingTooDeep, $"The JSON nests deeper than {maxDepth} levels.");
                        }

                        names.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Decode(ref reader, out var refusal);
                        if (refusal is not null)
                        {
                            return refusal;
                        }

                        if (names.Peek() is { } seen && !seen.Add(name!))
                        {
                            return AlertRejection.Of(
                                AlertRejectCode.DuplicateKey, $"A property name appears twice in one object (at byte {reader.TokenStartIndex}).");
                        }

                        break;
                    case JsonTokenType.String:
                        Decode(ref reader, out refusal);
                        if (refusal is not null)
                        {
                            return refusal;
                        }

                        break;
                    default:
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return AlertRejection.Of(AlertRejectCode.NotJson, $"The body is not valid UTF-8 JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}).");
        }

        return null;
    }

    private static string? Decode(ref Utf8JsonReader reader, out AlertRejection? refusal)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (\ud800) or invalid UTF-8 inside the string: not Unicode text.
            refusal = AlertRejection.Of(AlertRejectCode.InvalidUnicode, $"A string at byte {reader.TokenStartIndex} is not Unicode text (lone surrogate or invalid UTF-8).");
            return null;
        }

        foreach (var c in text)
        {
            if (IsRefusedControl(c))
            {
                refusal = AlertRejection.Of(
                    AlertRejectCode.ControlCharacter, $"A string at byte {reader.TokenStartIndex} contains the control character U+{(int)c:X4}; only tab, line feed and carriage return are allowed.");
                return null;
            }
        }

        refusal = null;
        return text;
    }

    /// <summary>C0 controls other than tab, line feed and carriage return, DEL, and the C1 controls.</summary>
    internal static bool IsRefusedControl(char c) =>
        (c < 0x20 && c is not '\t' and not '\n' and not '\r') || c is >= '\u007F' and <= '\u009F';
}
