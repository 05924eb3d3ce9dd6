namespace Broker.Gateway.Storage;

/// <summary>A delivered envelope as stored: the sealed bytes, the opened view, the header and verification facts, and the exact message for the agency system.</summary>
internal sealed record InboxEntry
{
    public required string EnvelopeId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string Sender { get; init; }
    public required string Kind { get; init; }
    public required byte[] Envelope { get; init; }
    public required byte[] ViewJson { get; init; }
    public required string HeaderJson { get; init; }
    public required string Verification { get; init; }
    public required string Withheld { get; init; }
    public required byte[] AgencyMessage { get; init; }
    public bool Published { get; init; }

    /// <summary>Data classes the view carried without its header claiming them (stripped before delivery); null when it conformed.</summary>
    public string? Violation { get; init; }

    /// <summary>The view's own alert id (a UUID the schema checked), or null for a receipt.</summary>
    public string? AlertId { get; init; }

    /// <summary>
    /// The alert this delivery threads under; null unless its sender was party to that alert (checked before storing). For a
    /// delivery receipt, the envelope id (32 hex digits) of this agency's envelope it answers.
    /// </summary>
    public string? ThreadOf { get; init; }

    /// <summary>The view's <c>action.kind</c>, validated against the schema and its place; null for an alert.</summary>
    public string? ActionKind { get; init; }
}

/// <summary>Outcome of storing a delivery: new, or seen before (and whether the agency system already has it).</summary>
internal enum InboxAddResult
{
    Added = 0,
    DuplicateUnpublished = 1,
    DuplicatePublished = 2,
}
