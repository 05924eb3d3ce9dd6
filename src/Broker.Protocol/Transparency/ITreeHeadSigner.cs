namespace Broker.Protocol.Transparency;

/// <summary>Signs tree-head payloads with the hub's log key (composite Ed25519 + ML-DSA-65, purpose <see cref="SignedTreeHead.SignaturePurpose"/>).</summary>
public interface ITreeHeadSigner
{
    byte[] Sign(ReadOnlySpan<byte> payload);
}

/// <summary>Checks a tree-head signature against the log key(s) the auditor trusts; false with a reason code on any failure.</summary>
public interface ITreeHeadVerifier
{
    bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, out string reason);
}
