using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class XWingTests
{
    [Test]
    public void Encapsulate_ThenDecapsulate_SameSecret()
    {
        using var key = XWingKey.Generate();
        var ct = new byte[XWingKey.CiphertextSize];
        var sent = new byte[32];
        var received = new byte[32];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(key.PublicKey, Has.Length.EqualTo(XWingKey.PublicKeySize));
            Assert.That(XWing.TryEncapsulate(key.PublicKey, ct, sent), Is.True);
            Assert.That(key.TryDecapsulate(ct, received), Is.True);
            Assert.That(received, Is.EqualTo(sent));
        }
    }

    [Test]
    public void FromSeed_SameSeed_SamePublicKey()
    {
        var seed = Enumerable.Repeat((byte)7, 32).ToArray();
        using var a = XWingKey.FromSeed(seed);
        using var b = XWingKey.FromSeed(seed);
        Assert.That(a.PublicKey, Is.EqualTo(b.PublicKey));
    }

    [TestCase(0)]
    [TestCase(1120)]
    public void Decapsulate_TamperedCiphertext_GivesOtherSecret(int flipAt)
    {
        using var key = XWingKey.Generate();
        var ct = new byte[XWingKey.CiphertextSize];
        var sent = new byte[32];
        var received = new byte[32];
        XWing.TryEncapsulate(key.PublicKey, ct, sent);
        ct[Math.Min(flipAt, ct.Length - 1)] ^= 0x02;
        var ok = key.TryDecapsulate(ct, received);
        // A flipped ML-KEM byte gives the implicit-rejection secret; a flipped X25519 byte a different DH.
        Assert.That(ok && received.AsSpan().SequenceEqual(sent), Is.False);
    }

    [Test]
    public void Decapsulate_LowOrderX25519Share_ReturnsFalse()
    {
        using var key = XWingKey.Generate();
        var ct = new byte[XWingKey.CiphertextSize];
        XWing.TryEncapsulate(key.PublicKey, ct, new byte[32]);
        ct.AsSpan(MlKem768.CiphertextSize).Clear();
        Assert.That(key.TryDecapsulate(ct, new byte[32]), Is.False);
    }

    [TestCase(1215, 1120, 32)]
    [TestCase(1217, 1120, 32)]
    [TestCase(1216, 1119, 32)]
    [TestCase(1216, 1120, 31)]
    [TestCase(0, 0, 0)]
    public void TryEncapsulate_WrongSizes_ReturnsFalse(int keySize, int ciphertextSize, int secretSize)
    {
        using var key = XWingKey.Generate();
        var pk = new byte[keySize];
        key.PublicKey.AsSpan(0, Math.Min(keySize, XWingKey.PublicKeySize)).CopyTo(pk);
        Assert.That(XWing.TryEncapsulate(pk, new byte[ciphertextSize], new byte[secretSize]), Is.False);
    }

    [Test]
    public void TryEncapsulate_LowOrderX25519PublicKey_ReturnsFalse()
    {
        using var key = XWingKey.Generate();
        var pk = key.PublicKey;
        pk.AsSpan(MlKem768.EncapsulationKeySize).Clear();
        Assert.That(XWing.TryEncapsulate(pk, new byte[XWingKey.CiphertextSize], new byte[32]), Is.False);
    }

    [Test]
    public void TryEncapsulateDeterministic_WrongSeedSize_ReturnsFalse()
    {
        using var key = XWingKey.Generate();
        Assert.That(XWing.TryEncapsulateDeterministic(key.PublicKey, new byte[63], new byte[XWingKey.CiphertextSize], new byte[32]), Is.False);
    }

    [TestCase(1119, 32)]
    [TestCase(1121, 32)]
    [TestCase(1120, 33)]
    public void TryDecapsulate_WrongSizes_ReturnsFalse(int ciphertextSize, int secretSize)
    {
        using var key = XWingKey.Generate();
        Assert.That(key.TryDecapsulate(new byte[ciphertextSize], new byte[secretSize]), Is.False);
    }

    [Test]
    public void TryDecapsulate_AfterDispose_Throws()
    {
        var key = XWingKey.Generate();
        key.Dispose();
        Assert.That(() => key.TryDecapsulate(new byte[XWingKey.CiphertextSize], new byte[32]), Throws.TypeOf<ObjectDisposedException>());
    }
}
