using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class Aes256GcmTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Nonce = new byte[12];
    private static readonly byte[] Aad = "header"u8.ToArray();
    private static readonly byte[] Plaintext = "the payload"u8.ToArray();

    [Test]
    public void Seal_ThenOpen_RoundTrips()
    {
        var sealedBytes = Aes256Gcm.Seal(Key, Nonce, Plaintext, Aad);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sealedBytes, Has.Length.EqualTo(Plaintext.Length + Aes256Gcm.TagSize));
            Assert.That(Aes256Gcm.TryOpen(Key, Nonce, sealedBytes, Aad, out var opened), Is.True);
            Assert.That(opened, Is.EqualTo(Plaintext));
        }
    }

    [Test]
    public void Seal_EmptyPlaintext_IsTagOnlyAndOpens()
    {
        var sealedBytes = Aes256Gcm.Seal(Key, Nonce, [], []);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sealedBytes, Has.Length.EqualTo(16));
            Assert.That(Aes256Gcm.TryOpen(Key, Nonce, sealedBytes, [], out var opened), Is.True);
            Assert.That(opened, Is.Empty);
        }
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(20)]
    public void TryOpen_AnyBitFlipped_Rejects(int index)
    {
        var sealedBytes = Aes256Gcm.Seal(Key, Nonce, Plaintext, Aad);
        sealedBytes[index] ^= 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Aes256Gcm.TryOpen(Key, Nonce, sealedBytes, Aad, out var opened), Is.False);
            Assert.That(opened, Is.Null);
        }
    }

    [Test]
    public void TryOpen_OtherAadOrNonceOrKey_Rejects()
    {
        var sealedBytes = Aes256Gcm.Seal(Key, Nonce, Plaintext, Aad);
        var otherNonce = new byte[12];
        otherNonce[11] = 1;
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Aes256Gcm.TryOpen(Key, Nonce, sealedBytes, "other"u8, out _), Is.False);
            Assert.That(Aes256Gcm.TryOpen(Key, otherNonce, sealedBytes, Aad, out _), Is.False);
            Assert.That(Aes256Gcm.TryOpen(otherKey, Nonce, sealedBytes, Aad, out _), Is.False);
        }
    }

    [TestCase(16, 12, 16)]
    [TestCase(31, 12, 16)]
    [TestCase(32, 11, 16)]
    [TestCase(32, 13, 16)]
    [TestCase(32, 12, 15)]
    [TestCase(32, 12, 0)]
    public void TryOpen_WrongSizes_ReturnsFalse(int keySize, int nonceSize, int inputSize)
    {
        Assert.That(Aes256Gcm.TryOpen(new byte[keySize], new byte[nonceSize], new byte[inputSize], [], out _), Is.False);
    }

    [TestCase(16, 12)]
    [TestCase(32, 16)]
    public void Seal_WrongKeyOrNonceSize_Throws(int keySize, int nonceSize)
    {
        Assert.That(() => Aes256Gcm.Seal(new byte[keySize], new byte[nonceSize], Plaintext, []), Throws.ArgumentException);
    }
}
