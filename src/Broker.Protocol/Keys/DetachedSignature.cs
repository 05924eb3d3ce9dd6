using Broker.Protocol.Crypto;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Keys;

/// <summary>
/// Composite Ed25519 + ML-DSA-65 signature over a domain-separated transcript (envelope-v1.md §6), used for envelopes,
/// the trust registry, sharing policies, tree heads and receipts. The purpose string (printable ASCII, 1-64 bytes, e.g.
/// "broker/v1/registry") separates the uses: a signature made for one purpose never verifies for another.
/// Verification succeeds only when both halves verify under the given key and suite 1.
/// </summary>
public static class DetachedSignature
{
    public static byte[] Sign(string purpose, ReadOnlySpan<byte> payload, SigningKeyPair key) => Sign(purpose, payload, key, deterministic: false);

    internal static byte[] Sign(string purpose, ReadOnlySpan<byte> payload, SigningKeyPair key, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(key);
        var purposeBytes = PurposeBytes(purpose);
        var transcript = CompositeSignature.Transcript(Suite.V1Hybrid, purposeBytes, payload);
        var signature = new CompositeSignature(Suite.V1Hybrid, key.Id, key.SignEd25519(transcript), key.SignMlDsa65(transcript, purposeBytes, deterministic));
        var writer = Cbor.Writer();
        signature.Write(writer);
        return writer.Encode();
    }

    public static bool Verify(string purpose, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, SigningPublicKey key, out RejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(key);
        var purposeBytes = PurposeBytes(purpose);
        if (!Cbor.TryDecode(signature.ToArray(), 4096, CompositeSignature.Read, out var parsed, out reason))
        {
            reason = reason is RejectReason.UnsupportedSuite or RejectReason.SuiteDowngrade ? reason : RejectReason.SignatureMalformed;
            return false;
        }

        reason = Check(parsed!, purposeBytes, payload, key);
        return reason == RejectReason.None;
    }

    /// <summary>Checks a parsed signature: the key id it names, then Ed25519, then ML-DSA-65; the first failure is the reason.</summary>
    internal static RejectReason Check(CompositeSignature signature, ReadOnlySpan<byte> purpose, ReadOnlySpan<byte> payload, SigningPublicKey key)
    {
        if (signature.KeyId != key.Id)
        {
            return RejectReason.SignatureKeyMismatch;
        }

        var transcript = CompositeSignature.Transcript(signature.Suite, purpose, payload);
        if (!Ed25519Key.Verify(key.Ed25519, transcript, signature.Ed25519.Span))
        {
            return RejectReason.Ed25519SignatureInvalid;
        }

        return MlDsa65Key.Verify(key.MlDsa65, transcript, purpose, signature.MlDsa65.Span) ? RejectReason.None : RejectReason.MlDsaSignatureInvalid;
    }

    internal static byte[] PurposeBytes(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (purpose.Length > ProtocolLimits.MaxPurposeBytes || !purpose.All(c => c is >= '!' and <= '~'))
        {
            throw new ArgumentException("A signature purpose is 1-64 printable ASCII characters without spaces.", nameof(purpose));
        }

        return System.Text.Encoding.ASCII.GetBytes(purpose);
    }
}
