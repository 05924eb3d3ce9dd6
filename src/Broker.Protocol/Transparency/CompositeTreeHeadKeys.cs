using Broker.Protocol.Keys;

namespace Broker.Protocol.Transparency;

/// <summary>The hub's log key signing tree heads: a composite Ed25519 + ML-DSA-65 <see cref="DetachedSignature"/>, purpose <see cref="SignedTreeHead.SignaturePurpose"/>.</summary>
public sealed class CompositeTreeHeadSigner(SigningKeyPair key) : ITreeHeadSigner
{
    public byte[] Sign(ReadOnlySpan<byte> payload) => DetachedSignature.Sign(SignedTreeHead.SignaturePurpose, payload, key);
}

/// <summary>
/// Accepts a tree head signed by any of the given log keys (a rotation keeps old heads checkable). Both signature halves must
/// verify; the reason is the <see cref="Broker.Protocol.RejectReason"/> of the key the signature names, or SignatureKeyMismatch.
/// </summary>
public sealed class CompositeTreeHeadVerifier(IReadOnlyList<SigningPublicKey> keys) : ITreeHeadVerifier
{
    public bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, out string reason)
    {
        reason = nameof(Broker.Protocol.RejectReason.SignatureKeyMismatch);
        foreach (var key in keys)
        {
            if (DetachedSignature.Verify(SignedTreeHead.SignaturePurpose, payload, signature, key, out var rejected))
            {
                reason = nameof(Broker.Protocol.RejectReason.None);
                return true;
            }

            if (rejected != Broker.Protocol.RejectReason.SignatureKeyMismatch)
            {
                reason = rejected.ToString();
            }
        }

        return false;
    }
}
