using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class HpkeTests
{
    private static readonly byte[] Info = "broker/v1/wrap"u8.ToArray();
    private static readonly byte[] Aad = "hdr"u8.ToArray();
    private static readonly byte[] Plaintext = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [TestCase((ushort)HpkeAeadId.Aes128Gcm)]
    [TestCase((ushort)HpkeAeadId.Aes256Gcm)]
    public void SealBase_X25519_OpensWithPrivateKey(ushort aeadId)
    {
        var aead = (HpkeAeadId)aeadId;
        var skR = X25519.GeneratePrivateKey();
        var ok = Hpke.TrySealBase(HpkeKemId.DhKemX25519HkdfSha256, aead, X25519.PublicKey(skR), Info, Aad, Plaintext, out var enc, out var ct);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(enc, Has.Length.EqualTo(32));
            Assert.That(ct, Has.Length.EqualTo(Plaintext.Length + 16));
            Assert.That(Hpke.TryOpenBase(HpkeKemId.DhKemX25519HkdfSha256, aead, skR, enc, Info, Aad, ct, out var opened), Is.True);
            Assert.That(opened, Is.EqualTo(Plaintext));
        }
    }

    [TestCase((ushort)HpkeAeadId.Aes128Gcm)]
    [TestCase((ushort)HpkeAeadId.Aes256Gcm)]
    public void SealBase_XWing_OpensWithKeyAndWithSeed(ushort aeadId)
    {
        var aead = (HpkeAeadId)aeadId;
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var key = XWingKey.FromSeed(seed);
        var ok = Hpke.TrySealBase(HpkeKemId.XWing, aead, key.PublicKey, Info, Aad, Plaintext, out var enc, out var ct);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(enc, Has.Length.EqualTo(XWingKey.CiphertextSize));
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, aead, key, enc, Info, Aad, ct, out var opened), Is.True);
            Assert.That(opened, Is.EqualTo(Plaintext));
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, aead, seed, enc, Info, Aad, ct, out var openedWithSeed), Is.True);
            Assert.That(openedWithSeed, Is.EqualTo(Plaintext));
        }
    }

    [Test]
    public void OpenBase_WrongInfoAadKeyOrTamperedInput_Rejects()
    {
        using var key = XWingKey.Generate();
        using var other = XWingKey.Generate();
        Hpke.TrySealBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, key.PublicKey, Info, Aad, Plaintext, out var enc, out var ct);
        var badEnc = (byte[])enc.Clone();
        badEnc[3] ^= 1;
        var badCt = (byte[])ct.Clone();
        badCt[^1] ^= 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, key, enc, "other"u8, Aad, ct, out _), Is.False);
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, key, enc, Info, "other"u8, ct, out _), Is.False);
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, other, enc, Info, Aad, ct, out _), Is.False);
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, key, badEnc, Info, Aad, ct, out _), Is.False);
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, key, enc, Info, Aad, badCt, out _), Is.False);
            Assert.That(Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes128Gcm, key, enc, Info, Aad, ct, out _), Is.False);
        }
    }

    [Test]
    public void SealBase_UnsupportedIdsOrExportOnly_ReturnsFalse()
    {
        var pk = X25519.PublicKey(X25519.GeneratePrivateKey());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Hpke.TrySealBase((HpkeKemId)0x0010, HpkeAeadId.Aes128Gcm, pk, Info, Aad, Plaintext, out _, out _), Is.False);
            Assert.That(Hpke.TrySealBase(HpkeKemId.DhKemX25519HkdfSha256, (HpkeAeadId)0x0003, pk, Info, Aad, Plaintext, out _, out _), Is.False);
            Assert.That(Hpke.TrySealBase(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.ExportOnly, pk, Info, Aad, Plaintext, out _, out _), Is.False);
        }
    }

    [TestCase((ushort)HpkeKemId.DhKemX25519HkdfSha256, 31)]
    [TestCase((ushort)HpkeKemId.DhKemX25519HkdfSha256, 1216)]
    [TestCase((ushort)HpkeKemId.XWing, 32)]
    [TestCase((ushort)HpkeKemId.XWing, 1215)]
    [TestCase((ushort)HpkeKemId.XWing, 0)]
    public void SealBase_WrongPublicKeySize_ReturnsFalse(ushort kemId, int size)
    {
        var kem = (HpkeKemId)kemId;
        Assert.That(Hpke.TrySealBase(kem, HpkeAeadId.Aes256Gcm, new byte[size], Info, Aad, Plaintext, out var enc, out var ct), Is.False);
        Assert.That(enc.Length + ct.Length, Is.Zero);
    }

    [TestCase((ushort)HpkeKemId.DhKemX25519HkdfSha256, 32, 31)]
    [TestCase((ushort)HpkeKemId.DhKemX25519HkdfSha256, 31, 32)]
    [TestCase((ushort)HpkeKemId.XWing, 32, 1119)]
    [TestCase((ushort)HpkeKemId.XWing, 31, 1120)]
    public void OpenBase_WrongKeyOrEncSize_ReturnsFalse(ushort kemId, int keySize, int encSize)
    {
        var kem = (HpkeKemId)kemId;
        var enc = new byte[encSize];
        enc.AsSpan().Fill(9);
        Assert.That(Hpke.TryOpenBase(kem, HpkeAeadId.Aes256Gcm, new byte[keySize], enc, Info, Aad, new byte[48], out _), Is.False);
    }

    [Test]
    public void OpenBase_LowOrderEnc_ReturnsFalse()
    {
        Assert.That(Hpke.TryOpenBase(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.Aes256Gcm, X25519.GeneratePrivateKey(), new byte[32], Info, Aad, new byte[48], out _), Is.False);
    }

    [Test]
    public void Context_SeveralMessages_OpenInOrderOnly()
    {
        var skR = X25519.GeneratePrivateKey();
        Assert.That(Hpke.TrySetupSender(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.Aes256Gcm, HpkeMode.Base, X25519.PublicKey(skR), Info, [], [], [], [], out var enc, out var sender), Is.True);
        Assert.That(Hpke.TrySetupReceiver(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.Aes256Gcm, HpkeMode.Base, skR, enc, Info, [], [], [], out var receiver), Is.True);
        using (sender)
        using (receiver)
        {
            var first = sender!.Seal(Aad, "one"u8);
            var second = sender.Seal(Aad, "two"u8);
            using (Assert.EnterMultipleScope())
            {
                // The nonce depends on the sequence number, so the second message cannot be opened first.
                Assert.That(receiver!.TryOpen(Aad, second, out _), Is.False);
                Assert.That(receiver.TryOpen(Aad, first, out var one), Is.True);
                Assert.That(one, Is.EqualTo("one"u8.ToArray()));
                Assert.That(receiver.TryOpen(Aad, second, out var two), Is.True);
                Assert.That(two, Is.EqualTo("two"u8.ToArray()));
                Assert.That(receiver.Sequence, Is.EqualTo(2UL));
                Assert.That(receiver.Export("ctx"u8, 32), Is.EqualTo(sender.Export("ctx"u8, 32)));
            }
        }
    }

    [TestCase((byte)HpkeMode.Base, true, true)]
    [TestCase((byte)HpkeMode.Psk, false, false)]
    [TestCase((byte)HpkeMode.Psk, true, false)]
    [TestCase((byte)HpkeMode.Psk, false, true)]
    [TestCase((byte)HpkeMode.Auth, true, true)]
    [TestCase((byte)HpkeMode.AuthPsk, false, false)]
    public void SetupSender_InconsistentPskInputs_ReturnsFalse(byte modeId, bool withPsk, bool withPskId)
    {
        var mode = (HpkeMode)modeId;
        var skS = X25519.GeneratePrivateKey();
        var pkR = X25519.PublicKey(X25519.GeneratePrivateKey());
        byte[] psk = withPsk ? new byte[32] : [];
        byte[] pskId = withPskId ? "id"u8.ToArray() : [];
        byte[] sender = mode is HpkeMode.Auth or HpkeMode.AuthPsk ? skS : [];
        Assert.That(Hpke.TrySetupSender(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.Aes128Gcm, mode, pkR, Info, psk, pskId, sender, [], out _, out _), Is.False);
    }

    [Test]
    public void SetupSender_AuthModeWithXWing_ReturnsFalse()
    {
        using var key = XWingKey.Generate();
        Assert.That(Hpke.TrySetupSender(HpkeKemId.XWing, HpkeAeadId.Aes128Gcm, HpkeMode.Auth, key.PublicKey, Info, [], [], X25519.GeneratePrivateKey(), [], out _, out _), Is.False);
    }

    [Test]
    public void ExportOnlyContext_Seal_Throws()
    {
        var skR = X25519.GeneratePrivateKey();
        Hpke.TrySetupSender(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.ExportOnly, HpkeMode.Base, X25519.PublicKey(skR), Info, [], [], [], [], out _, out var context);
        using (context)
        {
            Assert.That(() => context!.Seal(Aad, Plaintext), Throws.InvalidOperationException);
            Assert.That(context!.TryOpen(Aad, new byte[32], out _), Is.False);
        }
    }

    [Test]
    public void DeriveXWingKeyPair_SameIkm_SameKey()
    {
        using var a = Hpke.DeriveXWingKeyPair("ikm"u8);
        using var b = Hpke.DeriveXWingKeyPair("ikm"u8);
        Assert.That(a.PublicKey, Is.EqualTo(b.PublicKey));
    }

    [Test]
    public void DeriveXWingKeyPair_UsesLabeledShake256Derive()
    {
        // draft-ietf-hpke-pq: SHAKE256(ikm ‖ "HPKE-v1" ‖ "KEM\x64\x7a" ‖ 0x000d ‖ "DeriveKeyPair" ‖ 0x0020) is the X-Wing seed.
        byte[] labeled = [.. "ikm"u8, .. "HPKE-v1"u8, .. "KEM"u8, 0x64, 0x7a, 0x00, 0x0d, .. "DeriveKeyPair"u8, 0x00, 0x20];
        var seed = new byte[32];
        var shake = new Org.BouncyCastle.Crypto.Digests.ShakeDigest(256);
        shake.BlockUpdate(labeled);
        shake.OutputFinal(seed, 0, 32);
        using var expected = XWingKey.FromSeed(seed);
        using var derived = Hpke.DeriveXWingKeyPair("ikm"u8);
        Assert.That(derived.PublicKey, Is.EqualTo(expected.PublicKey));
    }
}
