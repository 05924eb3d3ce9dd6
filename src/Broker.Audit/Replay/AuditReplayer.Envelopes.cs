using Broker.Audit.Verification;
using Broker.Protocol;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;

namespace Broker.Audit.Replay;

public sealed partial class AuditReplayer
{
    private static void Receive(ReplayState state, long index, EnvelopeReceived received, byte[]? archive)
    {
        state.Received[received.EnvelopeId] = (index, received);
        if (archive is not null)
        {
            state.Archived[received.EnvelopeId] = archive;
        }
    }

    private static bool MatchesRecord(EnvelopeHeader header, EnvelopeReceived received) =>
        header.Id.ToString() == received.EnvelopeId && header.Sender == received.Sender && header.Category == received.Category;

    private static void Reverify(ReplayState state, long index, EnvelopeVerified verified)
    {
        state.Accepted[verified.EnvelopeId] = verified.Accepted;
        if (!state.Received.TryGetValue(verified.EnvelopeId, out var arrival))
        {
            state.Add(FindingCode.DecisionWithoutAcceptedEnvelope, index, $"entry {index} records a verification of envelope {verified.EnvelopeId}, which the log never received");
            return;
        }

        if (!state.Registries.TryGetValue(verified.RegistryVersion, out var registry))
        {
            state.Add(FindingCode.UnknownRegistryVersion, index, $"entry {index} verified envelope {verified.EnvelopeId} with registry version {verified.RegistryVersion}, which the log never recorded");
            return;
        }

        if (!state.Archived.Remove(verified.EnvelopeId, out var bytes))
        {
            return; // archive missing or altered: reported by the verifier
        }

        // One parse serves both checks: the verified envelope carries its header; a rejected one is parsed for the header alone.
        var ok = Envelope.TryVerify(bytes, registry, verified.VerifiedAt, out var verifiedEnvelope, out var reason);
        var header = verifiedEnvelope?.Header;
        if (header is null && !Envelope.TryReadHeader(bytes, out header, out _))
        {
            header = null;
        }

        var (receivedIndex, received) = arrival;
        if (header is null || !MatchesRecord(header, received))
        {
            state.Add(FindingCode.VerificationDiffers, receivedIndex, $"envelope {received.EnvelopeId}: the archived envelope's header does not match the id, sender or category recorded at entry {receivedIndex}");
        }
        else if (verified.Accepted)
        {
            // Only an accepted envelope's header: decisions follow it, and a refused body claiming the same id must not stand in.
            state.Headers.Put(verified.EnvelopeId, header, bytes);
        }

        state.Reverified++;
        var recorded = verified.Accepted ? nameof(RejectReason.None) : verified.Reason;
        if (ok != verified.Accepted || !string.Equals(reason.ToString(), recorded, StringComparison.Ordinal))
        {
            state.Add(FindingCode.VerificationDiffers, index,
                $"envelope {verified.EnvelopeId}: recorded {(verified.Accepted ? "accepted" : "rejected " + verified.Reason)}, replay against registry v{verified.RegistryVersion} gives {(ok ? "accepted" : "rejected " + reason)}");
        }
    }
}
