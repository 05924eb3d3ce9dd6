using Broker.Audit.Entries;
using Broker.Audit.Verification;
using Broker.Protocol.Envelopes;

namespace Broker.Audit.Replay;

public sealed partial class AuditReplayer
{
    private async Task ReplayDecisionAsync(ReplayState state, long index, DateTimeOffset at, DecisionRecorded decision, CancellationToken cancellationToken)
    {
        var id = decision.EnvelopeId;
        if (decision.Outcome == DecisionOutcome.Allow)
        {
            state.Allowed.Add((id, decision.Recipient));
            if (!state.Accepted.TryGetValue(id, out var accepted) || !accepted)
            {
                state.Add(FindingCode.DecisionWithoutAcceptedEnvelope, index, $"entry {index} allows envelope {id} to {decision.Recipient}, but the envelope was never accepted");
            }
        }

        CheckInForce(state, index, decision);
        if (decisions is null)
        {
            state.NotReevaluated++;
            return;
        }

        var header = await HeaderAsync(state, id, cancellationToken).ConfigureAwait(false);
        var origin = PolicyBytes(state, index, decision.Origin.Country, decision.OriginPolicyVersion);
        var destination = PolicyBytes(state, index, decision.Recipient.Country, decision.DestinationPolicyVersion);
        var registry = state.RegistryInForce;
        if (header is null || origin.Missing || destination.Missing || registry is null)
        {
            return;
        }

        var replayed = decisions.Replay(new DecisionReplayContext(decision, header, origin.Bytes, destination.Bytes, registry, at));
        state.Replayed++;
        if (replayed.Outcome != decision.Outcome || !string.Equals(replayed.Rule, decision.Rule, StringComparison.Ordinal))
        {
            state.Add(FindingCode.DecisionDiffers, index,
                $"envelope {id} to {decision.Recipient}: recorded {decision.Outcome} by '{decision.Rule}', the policies v{decision.OriginPolicyVersion}/v{decision.DestinationPolicyVersion} give {replayed.Outcome} by '{replayed.Rule}' ({replayed.Reason})");
        }
    }

    private static void CheckInForce(ReplayState state, long index, DecisionRecorded decision)
    {
        foreach (var (country, version) in new[] { (decision.Origin.Country, decision.OriginPolicyVersion), (decision.Recipient.Country, decision.DestinationPolicyVersion) })
        {
            var inForce = state.PolicyInForce.GetValueOrDefault(country);
            if (version != inForce)
            {
                state.Add(FindingCode.PolicyVersionNotInForce, index, $"entry {index} used {country} policy v{version}, but v{inForce} was in force");
            }
        }
    }

    private static (bool Missing, ReadOnlyMemory<byte>? Bytes) PolicyBytes(ReplayState state, long index, Protocol.Vocabulary.CountryCode country, long version)
    {
        if (version == 0)
        {
            return (false, null); // version 0: the country had no policy, so only the default deny could apply
        }

        if (state.Policies.TryGetValue((country, version), out var bytes))
        {
            return (false, bytes);
        }

        state.Add(FindingCode.UnknownPolicyVersion, index, $"entry {index} names {country} policy v{version}, which the log never recorded");
        return (true, null);
    }

    private static async Task<EnvelopeHeader?> HeaderAsync(ReplayState state, string id, CancellationToken cancellationToken)
    {
        if (state.Headers.TryGet(id, out var header, out _))
        {
            return header;
        }

        var bytes = await state.Store.GetEnvelopeAsync(id, cancellationToken).ConfigureAwait(false);
        return bytes is not null && Envelope.TryReadHeader(bytes, out header, out _) ? header : null;
    }
}
