using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class MlKem768Tests
{
    private static MlKem768Key NewKey() => MlKem768Key.Generate();

    [Test]
    public void Encapsulate_ThenDecapsulate_SameSecret()
    {
        using var key = NewKey();
        var ct = new byte[MlKem768.CiphertextSize];
        var sent = new byte[32];
        var received = new byte[32];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MlKem768.TryEncapsulate(key.EncapsulationKey, ct, sent), Is.True);
            Assert.That(key.TryDecapsulate(ct, received), Is.True);
            Assert.That(received, Is.EqualTo(sent));
            Assert.That(key.EncapsulationKey, Has.Length.EqualTo(MlKem768.EncapsulationKeySize));
        }
    }

    [Test]
    public void Decapsulate_TamperedCiphertext_ImplicitlyRejectsWithOtherSecret()
    {
        using var key = NewKey();
        var ct = new byte[MlKem768.CiphertextSize];
        var sent = new byte[32];
        var received = new byte[32];
        Assert.That(MlKem768.TryEncapsulate(key.EncapsulationKey, ct, sent), Is.True);
        ct[5] ^= 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(key.TryDecapsulate(ct, received), Is.True);
            Assert.That(received, Is.Not.EqualTo(sent));
        }
    }

    [Test]
    public void TryFromExpanded_ExportedKey_DecapsulatesLikeTheSeedKey()
    {
        using var key = NewKey();
        Assert.That(MlKem768Key.TryFromExpanded(key.ExportExpanded(), out var expanded), Is.True);
        using (expanded)
        {
            var ct = new byte[MlKem768.CiphertextSize];
            var sent = new byte[32];
            var received = new byte[32];
            MlKem768.TryEncapsulate(key.EncapsulationKey, ct, sent);
            Assert.That(expanded!.TryDecapsulate(ct, received), Is.True);
            Assert.That(received, Is.EqualTo(sent));
        }
    }

    [TestCase(0, 1088, 32)]
    [TestCase(1183, 1088, 32)]
    [TestCase(1185, 1088, 32)]
    [TestCase(1184, 1087, 32)]
    [TestCase(1184, 1088, 31)]
    public void TryEncapsulate_WrongSizes_ReturnsFalse(int keySize, int ciphertextSize, int secretSize)
    {
        using var key = NewKey();
        var ek = new byte[keySize];
        key.EncapsulationKey.AsSpan(0, Math.Min(keySize, MlKem768.EncapsulationKeySize)).CopyTo(ek);
        Assert.That(MlKem768.TryEncapsulate(ek, new byte[ciphertextSize], new byte[secretSize]), Is.False);
    }

    [Test]
    public void TryEncapsulate_CoefficientAboveModulus_ReturnsFalse()
    {
        // All-ones bytes encode 12-bit coefficients of 4095 > q = 3329: the FIPS 203 §7.2 modulus check fails.
        var ek = new byte[MlKem768.EncapsulationKeySize];
        ek.AsSpan().Fill(0xFF);
        Assert.That(MlKem768.TryEncapsulate(ek, new byte[MlKem768.CiphertextSize], new byte[32]), Is.False);
    }

    [TestCase(1087, 32)]
    [TestCase(1089, 32)]
    [TestCase(1088, 31)]
    [TestCase(0, 0)]
    public void TryDecapsulate_WrongSizes_ReturnsFalse(int ciphertextSize, int secretSize)
    {
        using var key = NewKey();
        Assert.That(key.TryDecapsulate(new byte[ciphertextSize], new byte[secretSize]), Is.False);
    }

    [TestCase(2399)]
    [TestCase(2401)]
    public void TryFromExpanded_WrongSize_ReturnsFalse(int size)
    {
        Assert.That(MlKem768Key.TryFromExpanded(new byte[size], out _), Is.False);
    }

    [Test]
    public void TryFromExpanded_CorruptedPublicKeyHash_ReturnsFalse()
    {
        using var key = NewKey();
        var dk = key.ExportExpanded();
        dk[^40] ^= 1; // inside H(ek), which FIPS 203 §7.3 checks
        Assert.That(MlKem768Key.TryFromExpanded(dk, out _), Is.False);
    }
}
