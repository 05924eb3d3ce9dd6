using Broker.Gateway.ReadModel;

namespace Broker.Web.Alerts;

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

    public bool Matches(InboxItem alert)
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
