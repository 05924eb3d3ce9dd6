using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Broker.Policy.Loading;

/// <summary>The JSON Schema of policy documents, embedded from protocols/policy.schema.json so code and spec cannot drift.</summary>
internal static partial class PolicySchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Text { get; } = ReadText();

    public static List<PolicyError> Validate(string source, JsonElement root)
    {
        var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<PolicyError>();
        if (results.IsValid)
        {
            return errors;
        }

        Collect(source, root, results, errors);
        if (errors.Count == 0)
        {
            errors.Add(new PolicyError(source, "$", "the document does not match protocols/policy.schema.json"));
        }

        return errors.Distinct().OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    // Walks only failing nodes: a failed branch under a passing anyOf or if/then is not a reason to refuse the document.
    private static void Collect(string source, JsonElement root, EvaluationResults node, List<PolicyError> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        var path = JsonPaths.FromPointer(node.InstanceLocation.ToString());
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            var reason = message.Contains("false schema", StringComparison.Ordinal)
                ? $"unknown or forbidden member '{LastSegment(path)}'"
                : $"{message.Replace("\\u0022", string.Empty, StringComparison.Ordinal)} ({keyword}){Found(root, node.InstanceLocation.ToString(), keyword)}";
            errors.Add(new PolicyError(source, path, reason));
        }

        var children = node.Details ?? [];
        foreach (var child in children)
        {
            var at = child.EvaluationPath.ToString();
            if (at.EndsWith("/if", StringComparison.Ordinal) || IsSatisfiedAlternative(at, children))
            {
                continue;
            }

            Collect(source, root, child, errors);
        }
    }

    // A failed anyOf/oneOf branch is no reason to refuse when a sibling branch of the same keyword passed.
    private static bool IsSatisfiedAlternative(string evaluationPath, IReadOnlyList<EvaluationResults> siblings)
    {
        var match = AlternativeBranch().Match(evaluationPath);
        if (!match.Success)
        {
            return false;
        }

        var keyword = match.Groups[1].Value;
        return siblings.Any(s => s.IsValid && s.EvaluationPath.ToString().StartsWith(keyword, StringComparison.Ordinal)
            && AlternativeBranch().IsMatch(s.EvaluationPath.ToString()));
    }

    [GeneratedRegex("^(.*/(?:anyOf|oneOf)/)\\d+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AlternativeBranch();

    // Quotes the offending scalar so the reader sees what to change; objects and arrays are not echoed.
    private static string Found(JsonElement root, string pointer, string keyword)
    {
        if (keyword is not ("enum" or "const" or "pattern" or "minimum" or "maximum" or "type" or "format"))
        {
            return string.Empty;
        }

        var element = root;
        foreach (var raw in pointer.TrimStart('/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var next))
            {
                element = next;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return string.Empty;
            }
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? string.Empty,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => element.GetRawText(),
            _ => null,
        };
        return text is null ? string.Empty : $"; found '{(text.Length > 40 ? text[..40] + "..." : text)}'";
    }

    private static string LastSegment(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? path : path[(cut + 1)..].Trim('[', ']', '\'');
    }

    private static JsonSchema Load() =>
        JsonSchema.FromText(Text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static string ReadText()
    {
        using var stream = typeof(PolicySchema).Assembly.GetManifestResourceStream("policy.schema.json")
            ?? throw new InvalidOperationException("The embedded resource policy.schema.json is missing from Broker.Policy.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

internal static class JsonPaths
{
    /// <summary>Turns a JSON Pointer (<c>/outbound/0/maxTlp</c>) into the JSONPath readers know (<c>$.outbound[0].maxTlp</c>).</summary>
    public static string FromPointer(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "/")
        {
            return "$";
        }

        var path = new System.Text.StringBuilder("$");
        foreach (var raw in pointer.TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else if (segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                path.Append('.').Append(segment);
            }
            else
            {
                path.Append("['").Append(segment).Append("']");
            }
        }

        return path.ToString();
    }
}
