using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class Ed25519KeyTests
{
    private static readonly byte[] Message = "alert 42"u8.ToArray();

    [Test]
    public void Sign_ThenVerify_Accepts()
    {
        using var key = Ed25519Key.Generate();
        var signature = key.Sign(Message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(signature, Has.Length.EqualTo(Ed25519Key.SignatureSize));
            Assert.That(Ed25519Key.Verify(key.PublicKey, Message, signature), Is.True);
        }
    }

    [Test]
    public void FromSeed_SameSeed_SamePublicKeyAndSignature()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var a = Ed25519Key.FromSeed(seed);
        using var b = Ed25519Key.FromSeed(seed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.PublicKey, Is.EqualTo(b.PublicKey));
            Assert.That(a.Sign(Message), Is.EqualTo(b.Sign(Message)));
        }
    }

    [Test]
    public void FromSeed_Rfc8032Test1_GivesPublishedKeyAndSignature()
    {
        // RFC 8032 §7.1 TEST 1 (empty message).
        using var key = Ed25519Key.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Convert.ToHexStringLower(key.PublicKey), Is.EqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
            Assert.That(Convert.ToHexStringLower(key.Sign([])), Is.EqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
        }
    }

    [Test]
    public void Verify_TamperedMessageOrSignature_Rejects()
    {
        using var key = Ed25519Key.Generate();
        var signature = key.Sign(Message);
        var otherMessage = (byte[])Message.Clone();
        otherMessage[0] ^= 1;
        var otherSignature = (byte[])signature.Clone();
        otherSignature[10] ^= 0x80;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ed25519Key.Verify(key.PublicKey, otherMessage, signature), Is.False);
            Assert.That(Ed25519Key.Verify(key.PublicKey, Message, otherSignature), Is.False);
            using var other = Ed25519Key.Generate();
            Assert.That(Ed25519Key.Verify(other.PublicKey, Message, signature), Is.False);
        }
    }

    [TestCase(0, 64)]
    [TestCase(31, 64)]
    [TestCase(33, 64)]
    [TestCase(32, 0)]
    [TestCase(32, 63)]
    [TestCase(32, 65)]
    public void Verify_WrongSizes_ReturnsFalse(int publicKeySize, int signatureSize)
    {
        Assert.That(Ed25519Key.Verify(new byte[publicKeySize], Message, new byte[signatureSize]), Is.False);
    }

    [Test]
    public void Verify_PublicKeyNotOnCurve_ReturnsFalse()
    {
        // y = 2 is not the y-coordinate of any point on edwards25519.
        var publicKey = new byte[32];
        publicKey[0] = 2;
        Assert.That(Ed25519Key.Verify(publicKey, Message, new byte[64]), Is.False);
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(64)]
    public void FromSeed_WrongSize_Throws(int size)
    {
        Assert.That(() => Ed25519Key.FromSeed(new byte[size]), Throws.ArgumentException);
    }

    [Test]
    public void Sign_AfterDispose_Throws()
    {
        var key = Ed25519Key.Generate();
        key.Dispose();
        Assert.That(() => key.Sign(Message), Throws.TypeOf<ObjectDisposedException>());
    }
}
