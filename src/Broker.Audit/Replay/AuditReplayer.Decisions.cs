using Broker.Audit.Verification;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;

namespace Broker.Audit.Replay;

public sealed partial class AuditReplayer
{
    /// <summary>A recorded policy joins the replay's policy set only if it verifies under the registry in force when it was recorded.</summary>
    private static void LoadPolicy(ReplayState state, long index, DateTimeOffset at, PolicyChanged record)
    {
        string? problem = null;
        if (state.RegistryInForce is null)
        {
            problem = "no registry was in force to check its signature";
        }
        else if (!new RegistryPolicySignatureVerifier(state.RegistryInForce).Verify(record.Country, record.Document, record.Signature, at, out var reason))
        {
            problem = reason;
        }
        else if (!PolicyParser.TryParse($"log entry {index}", record.Document, out var policy, out var result, record.Country))
        {
            problem = result.ToString();
        }
        else if (policy.Version != record.Version)
        {
            problem = $"the document says version {policy.Version}";
        }
        else if (!state.Policies.TryAdd(policy, out var next, out var error))
        {
            problem = error;
        }
        else
        {
            state.Policies = next;
        }

        if (problem is not null)
        {
            state.Add(FindingCode.UnknownPolicyVersion, index, $"{record.Country} policy v{record.Version} recorded at entry {index} cannot be used: {problem}");
        }
    }

    private async Task ReplayDecisionAsync(ReplayState state, long index, DecisionRecorded decision, CancellationToken cancellationToken)
    {
        var id = decision.EnvelopeId;
        if (decision.Outcome == RecordedOutcome.Allow)
        {
            state.Allowed.Add((id, decision.Recipient));
            if (!state.Accepted.TryGetValue(id, out var accepted) || !accepted)
            {
                state.Add(FindingCode.DecisionWithoutAcceptedEnvelope, index, $"entry {index} allows envelope {id} to {decision.Recipient}, but the envelope was never accepted");
            }
        }

        var header = state.RegistryInForce is null ? null : await HeaderAsync(state, id, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            state.NotReevaluated++;
            return;
        }

        var replayed = _decisions.Replay(new DecisionReplayContext(decision, header, state.Policies, state.RegistryInForce!, decision.DecidedAt));
        state.Replayed++;
        var recorded = new ReplayedDecision(decision.Outcome, decision.Rule, decision.Reason, decision.OriginPolicyVersion, decision.DestinationPolicyVersion, decision.ViewIndex);
        if (replayed with { OriginPolicyVersion = 0, DestinationPolicyVersion = 0 } != recorded with { OriginPolicyVersion = 0, DestinationPolicyVersion = 0 })
        {
            state.Add(FindingCode.DecisionDiffers, index,
                $"envelope {id} to {decision.Recipient}: recorded {Describe(recorded)}; the policies in force give {Describe(replayed)}");
        }
        else if (replayed != recorded)
        {
            state.Add(FindingCode.PolicyVersionNotInForce, index,
                $"envelope {id} to {decision.Recipient}: recorded policy versions {recorded.OriginPolicyVersion}/{recorded.DestinationPolicyVersion}, in force were {replayed.OriginPolicyVersion}/{replayed.DestinationPolicyVersion}");
        }
    }

    private static string Describe(ReplayedDecision d) =>
        $"{d.Outcome} ({d.Reason}) by '{d.Rule}'{(d.ViewIndex >= 0 ? $", view {d.ViewIndex}" : string.Empty)}";

    private static async Task<EnvelopeHeader?> HeaderAsync(ReplayState state, string id, CancellationToken cancellationToken)
    {
        if (state.Headers.TryGet(id, out var header, out _))
        {
            return header;
        }

        // The body of the envelope's latest arrival (the one its decisions follow), by the hash the log recorded for it.
        if (!state.Received.TryGetValue(id, out var arrival))
        {
            return null;
        }

        var bytes = await state.Store.GetEnvelopeAsync(id, arrival.Record.EnvelopeHash, cancellationToken).ConfigureAwait(false);
        return bytes is not null && System.Security.Cryptography.SHA256.HashData(bytes).AsSpan().SequenceEqual(arrival.Record.EnvelopeHash)
            && Envelope.TryReadHeader(bytes, out header, out _) ? header : null;
    }
}
