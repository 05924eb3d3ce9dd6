using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class X25519Tests
{
    [Test]
    public void TryAgree_BothSides_GetTheSameSecret()
    {
        var a = X25519.GeneratePrivateKey();
        var b = X25519.GeneratePrivateKey();
        var ab = new byte[32];
        var ba = new byte[32];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(X25519.TryAgree(a, X25519.PublicKey(b), ab), Is.True);
            Assert.That(X25519.TryAgree(b, X25519.PublicKey(a), ba), Is.True);
            Assert.That(ab, Is.EqualTo(ba));
        }
    }

    [Test]
    public void PublicKey_Rfc7748Alice_GivesPublishedValue()
    {
        // RFC 7748 §6.1.
        var publicKey = X25519.PublicKey(Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        Assert.That(Convert.ToHexStringLower(publicKey), Is.EqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    }

    [Test]
    public void TryAgree_LowOrderPublicKey_ReturnsFalse()
    {
        // u = 0 (and u = 1) are small-order points: the output is all zero.
        var shared = new byte[32];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(X25519.TryAgree(X25519.GeneratePrivateKey(), new byte[32], shared), Is.False);
            var one = new byte[32];
            one[0] = 1;
            Assert.That(X25519.TryAgree(X25519.GeneratePrivateKey(), one, shared), Is.False);
        }
    }

    [TestCase(31, 32, 32)]
    [TestCase(33, 32, 32)]
    [TestCase(32, 31, 32)]
    [TestCase(32, 33, 32)]
    [TestCase(32, 32, 31)]
    [TestCase(32, 32, 33)]
    [TestCase(0, 0, 0)]
    public void TryAgree_WrongSizes_ReturnsFalse(int privateSize, int publicSize, int outputSize)
    {
        var publicKey = new byte[publicSize];
        publicKey.AsSpan().Fill(9);
        Assert.That(X25519.TryAgree(new byte[privateSize], publicKey, new byte[outputSize]), Is.False);
    }

    [Test]
    public void PublicKey_WrongSize_Throws()
    {
        Assert.That(() => X25519.PublicKey(new byte[31]), Throws.ArgumentException);
    }
}
