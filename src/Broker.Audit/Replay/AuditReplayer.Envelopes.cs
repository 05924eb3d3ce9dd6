using System.Security.Cryptography;
using Broker.Audit.Entries;
using Broker.Audit.Verification;
using Broker.Protocol;
using Broker.Protocol.Envelopes;

namespace Broker.Audit.Replay;

public sealed partial class AuditReplayer
{
    private static async Task ReceiveAsync(ReplayState state, long index, EnvelopeReceived received, CancellationToken cancellationToken)
    {
        state.Received[received.EnvelopeId] = (index, received);
        var bytes = await state.Store.GetEnvelopeAsync(received.EnvelopeId, cancellationToken).ConfigureAwait(false);
        if (bytes is null || !SHA256.HashData(bytes).AsSpan().SequenceEqual(received.EnvelopeHash))
        {
            return; // the verifier names a missing or altered archive; nothing trustworthy to replay here
        }

        if (Envelope.TryReadHeader(bytes, out var header, out _)
            && header.Id.ToString() == received.EnvelopeId && header.Sender == received.Sender && header.Category == received.Category)
        {
            state.Headers.Put(received.EnvelopeId, header, bytes);
        }
        else
        {
            state.Add(FindingCode.VerificationDiffers, index, $"envelope {received.EnvelopeId}: the archived envelope's header does not match the id, sender or category recorded at entry {index}");
        }
    }

    private static void Reverify(ReplayState state, long index, EnvelopeVerified verified)
    {
        state.Accepted[verified.EnvelopeId] = verified.Accepted;
        if (!state.Received.ContainsKey(verified.EnvelopeId))
        {
            state.Add(FindingCode.DecisionWithoutAcceptedEnvelope, index, $"entry {index} records a verification of envelope {verified.EnvelopeId}, which the log never received");
            return;
        }

        if (!state.Registries.TryGetValue(verified.RegistryVersion, out var registry))
        {
            state.Add(FindingCode.UnknownRegistryVersion, index, $"entry {index} verified envelope {verified.EnvelopeId} with registry version {verified.RegistryVersion}, which the log never recorded");
            return;
        }

        if (!state.Headers.TryGet(verified.EnvelopeId, out _, out var bytes))
        {
            return; // archive missing or altered: reported by the verifier
        }

        var ok = Envelope.TryVerify(bytes, registry, verified.VerifiedAt, out _, out var reason);
        state.Reverified++;
        var recorded = verified.Accepted ? nameof(RejectReason.None) : verified.Reason;
        if (ok != verified.Accepted || !string.Equals(reason.ToString(), recorded, StringComparison.Ordinal))
        {
            state.Add(FindingCode.VerificationDiffers, index,
                $"envelope {verified.EnvelopeId}: recorded {(verified.Accepted ? "accepted" : "rejected " + verified.Reason)}, replay against registry v{verified.RegistryVersion} gives {(ok ? "accepted" : "rejected " + reason)}");
        }
    }
}
