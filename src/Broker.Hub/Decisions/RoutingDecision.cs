namespace Broker.Hub.Decisions;

/// <summary>
/// One routing decision about one ingress message: routed (per-recipient verdicts) or rejected (a code). It holds ids,
/// agencies, codes, rules and the SHA-256 of the sealed bytes, never content. Plain strings so it serialises as JSON
/// (the decision file and the hub-internal bus message alike).
/// </summary>
public sealed record RoutingDecision
{
    public required string DecisionId { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    public required string Instance { get; init; }
    public required string Outcome { get; init; }
    public string? EnvelopeId { get; init; }
    public string? Sender { get; init; }
    public string? AuthenticatedUser { get; init; }
    public string? RejectCode { get; init; }
    public string? RejectReason { get; init; }
    public int BodyBytes { get; init; }
    public string? BodySha256 { get; init; }
    public long? RegistryVersion { get; init; }
    public IReadOnlyList<RecipientDecision> Recipients { get; init; } = [];

    public const string Routed = "routed";
    public const string Rejected = "rejected";
}

/// <summary>The verdict for one addressed recipient and, when allowed, whether the copy was confirmed by the broker.</summary>
public sealed record RecipientDecision(string Agency, bool Delivered, string Code, string Rule);

/// <summary>Records decisions durably: when <see cref="RecordAsync"/> returns, the decision survives a crash.</summary>
public interface IDecisionRecorder
{
    ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default);
}

/// <summary>Records nothing; used when the audit log is the record of decisions (<c>Decisions:Sink = None</c>).</summary>
public sealed class NoDecisionRecorder : IDecisionRecorder
{
    public static NoDecisionRecorder Instance { get; } = new();

    public ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
