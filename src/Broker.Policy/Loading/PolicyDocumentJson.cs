using System.Text.Json.Serialization;

namespace Broker.Policy.Loading;

// The JSON shape of a policy document. The schema (protocols/policy.schema.json) has already accepted the document when these
// are read; unknown members still fail deserialization as a second line of defence.
internal sealed class PolicyDocumentJson
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public required string Kind { get; set; }

    public required string Country { get; set; }

    public required long Version { get; set; }

    public required string Effective { get; set; }

    public string? Title { get; set; }

    public bool Illustrative { get; set; }

    public string? Notes { get; set; }

    public Dictionary<string, List<string>>? Groups { get; set; }

    public required List<RuleJson> Outbound { get; set; }

    public required List<RuleJson> Inbound { get; set; }
}

internal sealed class RuleJson
{
    public required string Id { get; set; }

    public required string Effect { get; set; }

    public string? Description { get; set; }

    public SelectorJson? To { get; set; }

    public SelectorJson? From { get; set; }

    public required List<string> Categories { get; set; }

    public string? MaxTlp { get; set; }

    public string? MaxClassification { get; set; }

    public List<string>? Withhold { get; set; }

    public List<string>? CustomClasses { get; set; }

    public List<string>? RequireHandling { get; set; }
}

internal sealed class SelectorJson
{
    public List<string>? Countries { get; set; }

    public List<string>? Groups { get; set; }

    public List<string>? Agencies { get; set; }

    public List<string>? Authorities { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PolicyDocumentJson))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
