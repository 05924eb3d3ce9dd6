using Broker.Audit.Tests.Support;
using Broker.Audit.TreeHeads;
using Broker.Protocol.Keys;

namespace Broker.Audit.Tests.Verification;

public class CompositeTreeHeadKeysTests
{
    private static readonly byte[] Payload = SignedTreeHead.Payload("broker-audit", 5, ReplayWorld.Now, new byte[32]);

    [Test]
    public void Verify_SignedByLogKey_Accepts()
    {
        var world = ReplayWorld.Shared;
        var signature = new CompositeTreeHeadSigner(world.LogKey).Sign(Payload);
        var ok = new CompositeTreeHeadVerifier([world.RegistryKey.PublicKey, world.LogKey.PublicKey]).Verify(Payload, signature, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(reason, Is.EqualTo("None"));
        }
    }

    [Test]
    public void Verify_OtherKeyOrOtherPurposeOrAlteredPayload_RejectsWithReason()
    {
        var world = ReplayWorld.Shared;
        var verifier = new CompositeTreeHeadVerifier([world.LogKey.PublicKey]);
        var byOtherKey = new CompositeTreeHeadSigner(world.RegistryKey).Sign(Payload);
        var forOtherPurpose = DetachedSignature.Sign("broker/v1/receipt", Payload, world.LogKey);
        var genuine = new CompositeTreeHeadSigner(world.LogKey).Sign(Payload);
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
