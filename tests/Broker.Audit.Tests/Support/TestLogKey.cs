using System.Security.Cryptography;
using Broker.Protocol.Transparency;

namespace Broker.Audit.Tests.Support;

/// <summary>A keyed stand-in for the hub's log key in unit tests: HMAC-SHA256 over the purpose and the payload.</summary>
internal sealed class TestLogKey : ITreeHeadSigner, ITreeHeadVerifier
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public byte[] Sign(ReadOnlySpan<byte> payload)
    {
        byte[] message = [.. System.Text.Encoding.ASCII.GetBytes(SignedTreeHead.SignaturePurpose), 0, .. payload];
        return HMACSHA256.HashData(_key, message);
    }

    public bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, out string reason)
    {
        var ok = CryptographicOperations.FixedTimeEquals(Sign(payload), signature);
        reason = ok ? "None" : "SignatureInvalid";
        return ok;
    }
}
