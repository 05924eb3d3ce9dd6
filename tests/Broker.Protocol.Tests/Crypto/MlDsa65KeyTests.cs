using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class MlDsa65KeyTests
{
    private static readonly byte[] Message = "alert 42"u8.ToArray();
    private static readonly byte[] Context = "broker/test"u8.ToArray();

    [Test]
    public void Sign_ThenVerify_Accepts()
    {
        using var key = MlDsa65Key.Generate();
        var signature = key.Sign(Message, Context);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(key.PublicKey, Has.Length.EqualTo(MlDsa65Key.PublicKeySize));
            Assert.That(signature, Has.Length.EqualTo(MlDsa65Key.SignatureSize));
            Assert.That(MlDsa65Key.Verify(key.PublicKey, Message, Context, signature), Is.True);
        }
    }

    [Test]
    public void Sign_IsHedged_TwoSignaturesDiffer()
    {
        using var key = MlDsa65Key.Generate();
        var first = key.Sign(Message, Context);
        var second = key.Sign(Message, Context);
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void SignDeterministic_IsRepeatable()
    {
        using var key = MlDsa65Key.FromSeed(new byte[32]);
        var first = key.SignDeterministic(Message, Context);
        var second = key.SignDeterministic(Message, Context);
        Assert.That(first, Is.EqualTo(second));
    }

    [Test]
    public void Verify_OtherContextOrMessage_Rejects()
    {
        using var key = MlDsa65Key.Generate();
        var signature = key.Sign(Message, Context);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MlDsa65Key.Verify(key.PublicKey, Message, [], signature), Is.False);
            Assert.That(MlDsa65Key.Verify(key.PublicKey, Message, "broker/other"u8, signature), Is.False);
            Assert.That(MlDsa65Key.Verify(key.PublicKey, "alert 43"u8, Context, signature), Is.False);
        }
    }

    [Test]
    public void Verify_BitFlippedSignature_Rejects()
    {
        using var key = MlDsa65Key.Generate();
        var signature = key.Sign(Message, Context);
        signature[100] ^= 1;
        Assert.That(MlDsa65Key.Verify(key.PublicKey, Message, Context, signature), Is.False);
    }

    [TestCase(0, 3309, 0)]
    [TestCase(1951, 3309, 0)]
    [TestCase(1953, 3309, 0)]
    [TestCase(1952, 0, 0)]
    [TestCase(1952, 3308, 0)]
    [TestCase(1952, 3310, 0)]
    [TestCase(1952, 3309, 256)]
    public void Verify_WrongSizes_ReturnsFalse(int publicKeySize, int signatureSize, int contextSize)
    {
        Assert.That(MlDsa65Key.Verify(new byte[publicKeySize], Message, new byte[contextSize], new byte[signatureSize]), Is.False);
    }

    [Test]
    public void Sign_ContextOver255Bytes_Throws()
    {
        using var key = MlDsa65Key.Generate();
        Assert.That(() => key.Sign(Message, new byte[256]), Throws.InstanceOf<ArgumentException>());
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    public void FromSeed_WrongSize_Throws(int size)
    {
        Assert.That(() => MlDsa65Key.FromSeed(new byte[size]), Throws.ArgumentException);
    }

    [TestCase(0)]
    [TestCase(4031)]
    [TestCase(4033)]
    public void TryFromExpanded_WrongSize_ReturnsFalse(int size)
    {
        Assert.That(MlDsa65Key.TryFromExpanded(new byte[size], out _), Is.False);
    }

    [Test]
    public void TryFromExpanded_ExportedKey_SignsLikeTheSeedKey()
    {
        using var key = MlDsa65Key.FromSeed(new byte[32]);
        var expanded = key.ExportExpanded();
        Assert.That(MlDsa65Key.TryFromExpanded(expanded, out var loaded), Is.True);
        using (loaded)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(expanded, Has.Length.EqualTo(MlDsa65Key.ExpandedPrivateKeySize));
                Assert.That(loaded!.PublicKey, Is.EqualTo(key.PublicKey));
                Assert.That(loaded.SignDeterministic(Message, Context), Is.EqualTo(key.SignDeterministic(Message, Context)));
            }
        }
    }

    [TestCase(128, 0x09)] // first s1 coefficient nibble = 9 > 2η
    [TestCase(128 + 640, 0x90)] // an s2 coefficient nibble = 9
    [TestCase(64, -1)] // a bit of tr, which must equal H(pk)
    public void TryFromExpanded_CorruptedKey_ReturnsFalse(int offset, int value)
    {
        using var key = MlDsa65Key.FromSeed(new byte[32]);
        var expanded = key.ExportExpanded();
        expanded[offset] = value < 0 ? (byte)(expanded[offset] ^ 1) : (byte)value;
        Assert.That(MlDsa65Key.TryFromExpanded(expanded, out _), Is.False);
    }
}
