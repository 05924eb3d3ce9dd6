using System.Text.Json.Nodes;

namespace Broker.Gateway.ReadModel;

/// <summary>
/// One message delivered to this agency (an alert, or an action about an alert: acknowledgement, reply, request, grant,
/// refusal), as the gateway stored it after verifying and opening it: the envelope facts and the exact JSON the agency
/// system received (<see cref="Broker"/> is what the gateway verified, <see cref="Alert"/> the opened view).
/// </summary>
public sealed record InboxItem
{
    public required string EnvelopeId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The envelope's signed sender (verified against the trust registry).</summary>
    public required string Sender { get; init; }

    /// <summary>The envelope kind from the signed header (<c>Alert</c>, <c>Reply</c>, <c>DeliveryReceipt</c>, ...).</summary>
    public required string Kind { get; init; }

    public required JsonObject Broker { get; init; }
    public required JsonObject Alert { get; init; }

    public string AlertId => AlertJson.Text(Alert, "id");
    public string Title => AlertJson.Text(Alert, "title");
    public string Category => AlertJson.Text(Alert, "category");
    public string Priority => AlertJson.Text(Alert, "priority");
    public string Tlp => AlertJson.Text(Alert, "tlp");
    public string Classification => AlertJson.Text(Alert, "classification");

    /// <summary>
    /// Who sent it: always the envelope's signed sender. The plaintext's <c>origin.agency</c> is never shown as the origin
    /// (the gateway refuses a view whose origin differs from the signed sender; rows stored before that check may still).
    /// </summary>
    public string OriginAgency => Sender;

    public string OriginCountry => OriginAgency.Length >= 2 ? OriginAgency[..2] : string.Empty;
    public string? InReplyTo => AlertJson.OptionalText(Alert, "inReplyTo");
    public string? ActionKind => AlertJson.OptionalText(Alert["action"], "kind");
    public bool IsAction => ActionKind is not null;
}
