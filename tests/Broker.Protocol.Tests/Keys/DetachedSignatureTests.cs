using Broker.Protocol.Keys;
using Broker.Protocol.Tests.Support;

namespace Broker.Protocol.Tests.Keys;

public sealed class DetachedSignatureTests
{
    private static readonly SigningKeyPair Key = TestWorld.Shared["TH-ONCB"].Signing;
    private static readonly byte[] Payload = "tree head 42"u8.ToArray();

    [Test]
    public void Verify_SignedPayload_Accepts()
    {
        var signature = DetachedSignature.Sign("broker/v1/tree-head", Payload, Key);
        Assert.That(DetachedSignature.Verify("broker/v1/tree-head", Payload, signature, Key.PublicKey, out var reason), Is.True, reason.ToString());
    }

    [Test]
    public void Verify_OtherPurpose_RejectsWithEd25519SignatureInvalid()
    {
        var signature = DetachedSignature.Sign("broker/v1/tree-head", Payload, Key);
        var ok = DetachedSignature.Verify("broker/v1/receipt", Payload, signature, Key.PublicKey, out var reason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.Ed25519SignatureInvalid));
        }
    }

    [Test]
    public void Verify_ChangedPayload_Rejects()
    {
        var signature = DetachedSignature.Sign("broker/v1/tree-head", Payload, Key);
        Assert.That(DetachedSignature.Verify("broker/v1/tree-head", "tree head 43"u8, signature, Key.PublicKey, out _), Is.False);
    }

    [Test]
    public void Verify_OtherKey_RejectsWithSignatureKeyMismatch()
    {
        var signature = DetachedSignature.Sign("broker/v1/tree-head", Payload, Key);
        DetachedSignature.Verify("broker/v1/tree-head", Payload, signature, TestWorld.Shared["RU-MVD"].Signing.PublicKey, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.SignatureKeyMismatch));
    }

    [Test]
    public void Verify_Garbage_RejectsWithSignatureMalformed()
    {
        DetachedSignature.Verify("broker/v1/tree-head", Payload, [0x84, 0x01], Key.PublicKey, out var reason);
        Assert.That(reason, Is.EqualTo(RejectReason.SignatureMalformed));
    }

    [TestCase("")]
    [TestCase("has space")]
    public void Sign_BadPurpose_Throws(string purpose) =>
        Assert.That(() => DetachedSignature.Sign(purpose, Payload, Key), Throws.InstanceOf<ArgumentException>());

    [Test]
    public void Sign_Deterministic_IsReproducibleAndHedgedIsNot()
    {
        var first = DetachedSignature.Sign("p", Payload, Key, deterministic: true);
        var second = DetachedSignature.Sign("p", Payload, Key, deterministic: true);
        var hedgedFirst = DetachedSignature.Sign("p", Payload, Key);
        var hedgedSecond = DetachedSignature.Sign("p", Payload, Key);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(second));
            Assert.That(hedgedFirst, Is.Not.EqualTo(hedgedSecond));
        }
    }
}
