using System.Text.Json.Nodes;

namespace Broker.Web.Alerts;

/// <summary>One delivered message as stored by the gateway: the broker's verified facts and the opened alert (or action).</summary>
internal sealed record AlertRecord
{
    public required string EnvelopeId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string Sender { get; init; }
    public required string Kind { get; init; }
    public required JsonObject Broker { get; init; }
    public required JsonObject Alert { get; init; }

    public string AlertId => Str(Alert, "id");
    public string Title => Str(Alert, "title");
    public string Category => Str(Alert, "category");
    public string Priority => Str(Alert, "priority");
    public string Tlp => Str(Alert, "tlp");
    public string Classification => Str(Alert, "classification");
    public string OriginAgency => Alert["origin"]?["agency"]?.GetValue<string>() ?? Sender;
    public string OriginCountry => OriginAgency.Length >= 2 ? OriginAgency[..2] : string.Empty;
    public string? InReplyTo => Alert["inReplyTo"]?.GetValue<string>();
    public string? ActionKind => Alert["action"]?["kind"]?.GetValue<string>();
    public bool IsAction => ActionKind is not null;

    internal static string Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
}

/// <summary>An entry of the agency's own outbox (an alert or action it sent) with its routing receipts.</summary>
internal sealed record SentRecord
{
    public required Guid AlertId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required JsonObject Alert { get; init; }
    public required string State { get; init; }
    public string? EnvelopeId { get; init; }
    public string? Recipients { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public IReadOnlyList<JsonObject> Receipts { get; init; } = [];

    public string Title => AlertRecord.Str(Alert, "title");
    public string? InReplyTo => Alert["inReplyTo"]?.GetValue<string>();
    public string? ActionKind => Alert["action"]?["kind"]?.GetValue<string>();
}

/// <summary>Inbox filters from the query string; empty strings mean "any".</summary>
internal sealed record InboxFilter
{
    public string Category { get; init; } = string.Empty;
    public string Country { get; init; } = string.Empty;
    public string Priority { get; init; } = string.Empty;
    public string Tlp { get; init; } = string.Empty;
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string Search { get; init; } = string.Empty;

    public bool Matches(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var day = DateOnly.FromDateTime(alert.ReceivedAt.UtcDateTime);
        return (Category.Length == 0 || alert.Category == Category)
            && (Country.Length == 0 || alert.OriginCountry == Country)
            && (Priority.Length == 0 || alert.Priority == Priority)
            && (Tlp.Length == 0 || alert.Tlp == Tlp)
            && (From is null || day >= From)
            && (To is null || day <= To)
            && (Search.Length == 0 || alert.Alert.ToJsonString().Contains(Search, StringComparison.OrdinalIgnoreCase));
    }
}
