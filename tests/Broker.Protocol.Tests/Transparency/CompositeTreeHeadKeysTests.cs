using Broker.Protocol.Keys;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Transparency;

namespace Broker.Protocol.Tests.Transparency;

public class CompositeTreeHeadKeysTests
{
    private static readonly byte[] Payload = SignedTreeHead.Payload("broker-audit", 5, TestWorld.Now, new byte[32]);

    // Two distinct composite keys of the fixed test network stand in for the log key and some other key.
    private static SigningKeyPair LogKey => TestWorld.Shared.RegistryKey;

    private static SigningKeyPair OtherKey => TestWorld.Shared["TH-ONCB"].Signing;

    [Test]
    public void Verify_SignedByLogKey_Accepts()
    {
        var signature = new CompositeTreeHeadSigner(LogKey).Sign(Payload);
        var ok = new CompositeTreeHeadVerifier([OtherKey.PublicKey, LogKey.PublicKey]).Verify(Payload, signature, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(reason, Is.EqualTo("None"));
        }
    }

    [Test]
    public void Verify_OtherKeyOrOtherPurposeOrAlteredPayload_RejectsWithReason()
    {
        var verifier = new CompositeTreeHeadVerifier([LogKey.PublicKey]);
        var byOtherKey = new CompositeTreeHeadSigner(OtherKey).Sign(Payload);
        var forOtherPurpose = DetachedSignature.Sign("broker/v1/receipt", Payload, LogKey);
        var genuine = new CompositeTreeHeadSigner(LogKey).Sign(Payload);
        byte[] altered = [.. Payload];
        altered[^1] ^= 1;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verifier.Verify(Payload, byOtherKey, out var r1), Is.False);
            Assert.That(r1, Is.EqualTo("SignatureKeyMismatch"));
            Assert.That(verifier.Verify(Payload, forOtherPurpose, out var r2), Is.False);
            Assert.That(r2, Does.EndWith("SignatureInvalid"));
            Assert.That(verifier.Verify(altered, genuine, out _), Is.False);
        }
    }
}
