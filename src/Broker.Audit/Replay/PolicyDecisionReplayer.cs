using Broker.Audit.Entries;
using Broker.Policy.Evaluation;
using Broker.Policy.Signing;
using Broker.Protocol.Registry;

namespace Broker.Audit.Replay;

/// <summary>Replays a decision with <see cref="PolicyEvaluator.Decide"/> on the facts of the signed header, as the hub does.</summary>
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

        var decision = PolicyEvaluator.Decide(DecisionRecords.Facts(context.Header), context.Decision.Recipient, _directory!, context.Policies, context.At);
        return DecisionRecords.Summarise(decision, context.Decision.Origin);
    }
}
