using System.Text.Json;
using Json.Schema;

namespace Broker.Gateway.Alerts;

/// <summary>The case-alert JSON Schema (protocols/case-alert.schema.json, embedded), built once and shared.</summary>
internal static class CaseAlertSchema
{
    private const int MaxReportedErrors = 10;

    private static readonly Lazy<JsonSchema> Schema = new(Load);

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Hierarchical };

    /// <summary>Evaluates an instance; returns the errors as "location: keyword: message" lines (empty when valid).</summary>
    public static IReadOnlyList<string> Evaluate(JsonElement instance)
    {
        EvaluationResults results;
        try
        {
            results = Schema.Value.Evaluate(instance, Options);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            // The schema library compares numbers as decimal (const, enum, minimum): a number beyond decimal's range (1e9991,
            // found by the case-alert fuzz target) throws there. No number a case alert holds is that large or that precise,
            // so it is a schema violation like any other, on the agency side and on an opened view alike.
            return ["/: a number is beyond the range a case alert can hold"];
        }

        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        Collect(results, errors);
        return errors.Count > 0 ? errors : ["/: the alert does not match the case-alert schema"];
    }

    // Hierarchical output, walked through failing nodes only: a failing "if" or a losing anyOf branch under a passing
    // parent is not the alert's fault and must not appear in the reason.
    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid || errors.Count >= MaxReportedErrors)
        {
            return;
        }

        if (node.Errors is not null)
        {
            var location = node.InstanceLocation.ToString();
            foreach (var (keyword, message) in node.Errors)
            {
                // A false subschema (additionalProperties: false) reports no keyword: say what it means.
                var line = keyword.Length == 0
                    ? $"{(location.Length == 0 ? "/" : location)}: property not allowed here"
                    : $"{(location.Length == 0 ? "/" : location)}: {keyword}: {message}";
                if (errors.Count < MaxReportedErrors && !errors.Contains(line))
                {
                    errors.Add(line);
                }
            }
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, errors);
        }
    }

    private static JsonSchema Load()
    {
        using var stream = typeof(CaseAlertSchema).Assembly.GetManifestResourceStream("case-alert.schema.json")
            ?? throw new InvalidOperationException("The embedded case-alert schema is missing from the gateway assembly.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
