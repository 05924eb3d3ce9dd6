using System.Text.Json.Nodes;

namespace Broker.Gateway.ReadModel;

/// <summary>An alert or action this agency sent (an entry of the gateway's outbox), with the hub's routing receipts for it.</summary>
public sealed record SentItem
{
    public required Guid AlertId { get; init; }

    /// <summary>When the gateway took it from the agency system.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The alert as the agency system sent it (validated by the gateway).</summary>
    public required JsonObject Alert { get; init; }

    /// <summary><c>pending</c> (stored), <c>sealed</c> (envelope made), <c>sent</c> (the hub's broker confirmed) or <c>failed</c> (final).</summary>
    public required string State { get; init; }

    public string? EnvelopeId { get; init; }

    /// <summary>The agencies it was sealed for with the view each got (<c>RU-MVD:0 MY-PDRM:1</c>); null until sealed.</summary>
    public string? Recipients { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The routing receipts for its envelope, oldest first, as forwarded to the agency system (<c>receipt.routing</c>).</summary>
    public IReadOnlyList<JsonObject> Receipts { get; init; } = [];

    /// <summary>
    /// The recipients' signed delivery receipts for its envelope, oldest first: <see cref="DeliveryReceipt.Delivered"/> false
    /// for a "not delivered" answer (envelope kind 9) with its reason code.
    /// </summary>
    public IReadOnlyList<DeliveryReceipt> DeliveryReceipts { get; init; } = [];

    public string Title => AlertJson.Text(Alert, "title");
    public string Classification => AlertJson.Text(Alert, "classification");
    public string? InReplyTo => AlertJson.OptionalText(Alert, "inReplyTo");
    public string? ActionKind => AlertJson.OptionalText(Alert["action"], "kind");
}

/// <summary>A recipient's signed delivery receipt: who (the envelope's signed sender), when, and whether it was delivered.</summary>
public sealed record DeliveryReceipt(string Recipient, DateTimeOffset ReceivedAt, bool Delivered, string? Reason);

/// <summary>What was said about one alert: the messages received in reply to it and the ones this agency sent, each oldest first.</summary>
public sealed record AlertThread(IReadOnlyList<InboxItem> Received, IReadOnlyList<SentItem> Sent);
