using System.Text.Json;
using System.Text.Unicode;

namespace Broker.Gateway.Inbound;

/// <summary>
/// The one way the receiving gateway parses an opened view: valid UTF-8, at most <see cref="MaxDepth"/> levels, every
/// string and member name decodable (no lone surrogate escapes), and no member name twice in one object. Anything else is
/// refused with a reason code before any other code looks at the content, so no later reader can throw on it.
/// </summary>
internal static class StrictJson
{
    /// <summary>The same nesting cap as an agency system's alert (protocols/case-alert.md).</summary>
    public const int MaxDepth = 16;

    public static bool TryParse(ReadOnlyMemory<byte> json, out JsonDocument? document, out string? code)
    {
        document = null;
        if (!Utf8.IsValid(json.Span))
        {
            code = InboundRejectCode.NotJson;
            return false;
        }

        code = Walk(json.Span);
        if (code is not null)
        {
            return false;
        }

        document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        return true;
    }

    private static string? Walk(ReadOnlySpan<byte> json)
    {
        // The reader's own cap is one above ours, so the nesting rule is ours to report (its message is not a contract).
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var names = new Stack<HashSet<string>>();
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when ++depth > MaxDepth:
                        return InboundRejectCode.NestingTooDeep;
                    case JsonTokenType.StartObject:
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        depth--;
                        break;
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName:
                        // Compared after unescaping: "a" and "\u0061" are the same member.
                        if (!names.Peek().Add(reader.GetString()!))
                        {
                            return InboundRejectCode.DuplicateKey;
                        }

                        break;
                    case JsonTokenType.String:
                        _ = reader.GetString();
                        break;
                    default:
                        break;
                }
            }

            return reader.BytesConsumed == json.Length && reader.CurrentDepth == 0 ? null : InboundRejectCode.NotJson;
        }
        catch (JsonException)
        {
            return InboundRejectCode.NotJson;
        }
        catch (InvalidOperationException)
        {
            // GetString on an escape sequence that is not valid UTF-16 (a lone surrogate).
            return InboundRejectCode.NotJson;
        }
    }
}
