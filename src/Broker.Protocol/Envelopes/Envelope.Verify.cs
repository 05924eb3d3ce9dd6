using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Protocol.Envelopes;

public static partial class Envelope
{
    /// <summary>
    /// What the hub (and every recipient, first) checks, in this order (envelope-v1.md §9): size and canonical structure; the suite;
    /// created/expires against <paramref name="now"/>; the sender and its signing key in the registry at <c>created</c>; both
    /// signature halves over the header; every present view's ciphertext hash; every present stanza's recipient key in the registry.
    /// </summary>
    public static bool TryVerify(ReadOnlyMemory<byte> envelope, TrustRegistry registry, DateTimeOffset now, [NotNullWhen(true)] out VerifiedEnvelope? verified, out RejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(registry);
        verified = null;
        if (envelope.Length > ProtocolLimits.MaxEnvelopeBytes)
        {
            reason = RejectReason.TooLarge;
            return false;
        }

        // A private copy: the verified result must not change if the caller reuses its buffer afterwards.
        envelope = envelope.ToArray();
        if (!EnvelopeCodec.TryRead(envelope, out var wire, out reason))
        {
            return false;
        }

        var header = wire!.Header;
        reason = Freshness(header, now);
        if (reason != RejectReason.None)
        {
            return false;
        }

        if (!registry.TryGetSigningKey(header.Sender, header.SenderKeyId, header.Created, out var senderKey, out reason))
        {
            return false;
        }

        reason = wire.Signature.KeyId != header.SenderKeyId
            ? RejectReason.SignatureKeyMismatch
            : DetachedSignature.Check(wire.Signature, System.Text.Encoding.ASCII.GetBytes(Bindings.SignaturePurpose), wire.HeaderBytes.Span, senderKey);
        if (reason != RejectReason.None)
        {
            return false;
        }

        reason = CheckPresentParts(wire, registry);
        if (reason != RejectReason.None)
        {
            return false;
        }

        var present = wire.Stanzas.Select(s => header.Recipients[s.RecipientIndex].Agency).ToList();
        verified = new VerifiedEnvelope(header, envelope, wire, present, wire.Views.Select(v => v.Index).ToList());
        return true;
    }

    internal static RejectReason Freshness(EnvelopeHeader header, DateTimeOffset now)
    {
        if (header.Expires <= header.Created)
        {
            return RejectReason.ExpiresBeforeCreated;
        }

        if (header.Expires - header.Created > ProtocolLimits.MaxLifetime)
        {
            return RejectReason.LifetimeTooLong;
        }

        if (header.Created > now + ProtocolLimits.MaxClockSkew)
        {
            return RejectReason.CreatedInFuture;
        }

        return now > header.Expires ? RejectReason.Expired : RejectReason.None;
    }

    private static RejectReason CheckPresentParts(EnvelopeWire wire, TrustRegistry registry)
    {
        Span<byte> hash = stackalloc byte[32];
        foreach (var view in wire.Views)
        {
            SHA256.HashData(view.Ciphertext.Span, hash);
            if (!CryptographicOperations.FixedTimeEquals(hash, wire.Header.Views[view.Index].CiphertextHash))
            {
                return RejectReason.CiphertextHashMismatch;
            }
        }

        // Every addressed recipient, whether or not its stanza is still present (envelope-v1.md §9.1 step 6): the verdict of a
        // copy does not depend on what was stripped from it, and the header names no agency or key the registry does not vouch for.
        foreach (var recipient in wire.Header.Recipients)
        {
            var reason = registry.CheckEncryptionKey(recipient.Agency, recipient.EncryptionKeyId, wire.Header.Created);
            if (reason != RejectReason.None)
            {
                return reason;
            }
        }

        return RejectReason.None;
    }
}
