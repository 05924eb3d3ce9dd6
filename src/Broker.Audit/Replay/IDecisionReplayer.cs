using Broker.Policy.Store;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;

namespace Broker.Audit.Replay;

/// <summary>
/// Re-evaluates one recorded sharing decision. <see cref="PolicyDecisionReplayer"/> runs the real, pure policy evaluator; the seam
/// lets a deployment plug a different evaluator version side by side. Must fail closed like the evaluator: what cannot be
/// evaluated is Deny.
/// </summary>
public interface IDecisionReplayer
{
    ReplayedDecision Replay(DecisionReplayContext context);
}

/// <summary>
/// Everything a decision depended on, as the log recorded it: the envelope's signed header, every policy version recorded (and
/// verified) so far with their effective dates, the registry in force, and the instant the hub evaluated.
/// </summary>
public sealed record DecisionReplayContext(DecisionRecorded Decision, EnvelopeHeader Header, PolicySet Policies, TrustRegistry Registry, DateTimeOffset At);

/// <summary>What the evaluator decides for the recorded inputs, in the log's terms; compared field by field with the recorded decision.</summary>
public sealed record ReplayedDecision(RecordedOutcome Outcome, string Rule, string Reason, long OriginPolicyVersion, long DestinationPolicyVersion, int ViewIndex);
