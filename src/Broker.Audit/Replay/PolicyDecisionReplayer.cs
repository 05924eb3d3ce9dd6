using Broker.Audit.Entries;
using Broker.Policy.Evaluation;
using Broker.Policy.Signing;
using Broker.Protocol.Registry;

namespace Broker.Audit.Replay;

/// <summary>
/// Replays a decision with <see cref="PolicyEvaluator.Decide"/> on the facts the hub itself evaluated: <see cref="EnvelopePolicy.Facts"/>
/// of the signed header (recipients as listed, views only in index order), so replay and hub cannot disagree on how a header reads.
/// </summary>
public sealed class PolicyDecisionReplayer : IDecisionReplayer
{
    private TrustRegistry? _registry;
    private AgencyDirectory? _directory;

    public ReplayedDecision Replay(DecisionReplayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ReferenceEquals(context.Registry, _registry))
        {
            _registry = context.Registry;
            _directory = RegistryDirectory.From(context.Registry);
        }

        var decision = PolicyEvaluator.Decide(EnvelopePolicy.Facts(context.Header), context.Decision.Recipient, _directory!, context.Policies, context.At);
        return DecisionRecords.Summarise(decision, context.Decision.Origin);
    }
}
