using System.Globalization;
using System.Text.Json;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Alerts;

/// <summary>
/// The facts of a case alert the gateway needs to route and seal it. The alert itself travels as the agency's JSON
/// (redacted per view); this record is read from a document that already passed the schema.
/// </summary>
internal sealed record CaseAlert
{
    public required Guid Id { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset Expires { get; init; }
    public Guid? InReplyTo { get; init; }
    public required AgencyId Origin { get; init; }
    public required Category Category { get; init; }
    public required Priority Priority { get; init; }
    public required Tlp Tlp { get; init; }
    public required Classification Classification { get; init; }
    public required HandlingCodes Handling { get; init; }
    public required AlertAddressing Addressing { get; init; }

    /// <summary>Maps a schema-valid alert. Throws <see cref="FormatException"/> when a value the schema allows is still unusable.</summary>
    public static CaseAlert FromValidated(JsonElement root)
    {
        var handling = HandlingCodes.None;
        foreach (var code in root.GetProperty("handling").GetProperty("codes").EnumerateArray())
        {
            handling |= Wire.TryParseHandling(code.GetString(), out var flag) ? flag : throw new FormatException("Unknown handling code.");
        }

        return new CaseAlert
        {
            Id = Guid.Parse(root.GetProperty("id").GetString()!, CultureInfo.InvariantCulture),
            Created = Timestamp(root, "created"),
            Expires = Timestamp(root, "expires"),
            InReplyTo = root.TryGetProperty("inReplyTo", out var reply) ? Guid.Parse(reply.GetString()!, CultureInfo.InvariantCulture) : null,
            Origin = AgencyId.Parse(root.GetProperty("origin").GetProperty("agency").GetString()!),
            Category = Wire.TryParse(root.GetProperty("category").GetString(), out Category category) ? category : throw new FormatException("Unknown category."),
            Priority = Wire.TryParse(root.GetProperty("priority").GetString(), out Priority priority) ? priority : throw new FormatException("Unknown priority."),
            Tlp = Wire.TryParse(root.GetProperty("tlp").GetString(), out Tlp tlp) ? tlp : throw new FormatException("Unknown TLP."),
            Classification = Wire.TryParse(root.GetProperty("classification").GetString(), out Classification classification)
                ? classification
                : throw new FormatException("Unknown classification."),
            Handling = handling,
            Addressing = AlertAddressing.FromJson(root.GetProperty("addressing")),
        };
    }

    private static DateTimeOffset Timestamp(JsonElement root, string name) =>
        DateTimeOffset.TryParse(root.GetProperty(name).GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new FormatException($"The {name} timestamp is not a valid date and time.");
}

/// <summary>Who an alert is for: named agencies and/or every agency of named countries, or a broadcast.</summary>
internal sealed record AlertAddressing(bool Broadcast, IReadOnlyList<AgencyId> Agencies, IReadOnlyList<CountryCode> Countries)
{
    public static AlertAddressing FromJson(JsonElement addressing)
    {
        var broadcast = addressing.TryGetProperty("broadcast", out var b) && b.GetBoolean();
        var agencies = addressing.TryGetProperty("agencies", out var a)
            ? a.EnumerateArray().Select(e => AgencyId.Parse(e.GetString()!)).ToArray()
            : [];
        var countries = addressing.TryGetProperty("countries", out var c)
            ? c.EnumerateArray().Select(e => new CountryCode(e.GetString()!)).ToArray()
            : [];
        return new AlertAddressing(broadcast, agencies, countries);
    }
}
