using Broker.Audit.Entries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;

namespace Broker.Audit.Replay;

/// <summary>
/// Re-evaluates one recorded sharing decision with the policy documents of the versions the decision names. Implemented over
/// the pure policy evaluator (Broker.Policy); must fail closed like it: a policy that does not load or verify gives Deny.
/// </summary>
public interface IDecisionReplayer
{
    ReplayedDecision Replay(DecisionReplayContext context);
}

/// <summary>
/// Everything a decision depended on, as the log recorded it: the envelope's signed header, the signed policy documents of the
/// origin and destination countries (null when the decision names version 0, "no policy"), the registry in force and the time.
/// </summary>
public sealed record DecisionReplayContext(
    DecisionRecorded Decision,
    EnvelopeHeader Header,
    ReadOnlyMemory<byte>? OriginPolicy,
    ReadOnlyMemory<byte>? DestinationPolicy,
    TrustRegistry Registry,
    DateTimeOffset DecidedAt);

/// <summary>What the evaluator decides today for the recorded inputs; compared with the recorded outcome and rule.</summary>
public sealed record ReplayedDecision(DecisionOutcome Outcome, string Rule, string Reason);
