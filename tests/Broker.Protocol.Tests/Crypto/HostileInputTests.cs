using Broker.Protocol.Crypto;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

// FsCheck generates the arguments of [Property] methods; NUnit1027 only knows NUnit's own argument sources.
#pragma warning disable NUnit1027

namespace Broker.Protocol.Tests.Crypto;

/// <summary>
/// Arbitrary bytes of arbitrary length into every verify/open/decapsulate entry point: each returns a result
/// and never throws, and none accepts random input.
/// </summary>
public class HostileInputTests
{
    private static readonly XWingKey XWingRecipient = XWingKey.FromSeed(new byte[32]);
    private static readonly byte[] X25519Recipient = Enumerable.Repeat((byte)0x42, 32).ToArray();

    [OneTimeTearDown]
    public static void DisposeKeys() => XWingRecipient.Dispose();

    [FsCheckProperty]
    public bool Ed25519Verify_RandomInput_IsFalse(byte[] publicKey, byte[] message, byte[] signature) =>
        !Ed25519Key.Verify(publicKey ?? [], message ?? [], signature ?? []);

    [FsCheckProperty(MaxTest = 30)]
    public bool MlDsa65Verify_RandomInput_IsFalse(byte[] publicKey, byte[] context, byte[] signature) =>
        !MlDsa65Key.Verify(publicKey ?? [], "m"u8, context ?? [], signature ?? []);

    [FsCheckProperty(MaxTest = 30)]
    public bool MlDsa65Verify_RandomSignatureOfRightSize_IsFalse(byte seed)
    {
        using var key = MlDsa65Key.FromSeed(Enumerable.Repeat(seed, 32).ToArray());
        var signature = System.Security.Cryptography.RandomNumberGenerator.GetBytes(MlDsa65Key.SignatureSize);
        return !MlDsa65Key.Verify(key.PublicKey, "m"u8, [], signature);
    }

    [FsCheckProperty]
    public bool Aes256GcmOpen_RandomInput_IsFalse(byte[] key, byte[] nonce, byte[] input) =>
        !Aes256Gcm.TryOpen(key ?? [], nonce ?? [], input ?? [], [], out _);

    [FsCheckProperty]
    public bool Aes256Gcm_SealThenOpen_RoundTrips(byte[] plaintext, byte[] aad)
    {
        var key = new byte[32];
        var nonce = new byte[12];
        var sealedBytes = Aes256Gcm.Seal(key, nonce, plaintext ?? [], aad ?? []);
        return Aes256Gcm.TryOpen(key, nonce, sealedBytes, aad ?? [], out var opened) && opened.AsSpan().SequenceEqual(plaintext ?? []);
    }

    [FsCheckProperty]
    public bool X25519Agree_RandomInput_RefusedUnlessWellSized(byte[] privateKey, byte[] publicKey)
    {
        var agreed = X25519.TryAgree(privateKey ?? [], publicKey ?? [], new byte[32]);
        return !agreed || ((privateKey ?? []).Length == 32 && (publicKey ?? []).Length == 32);
    }

    [FsCheckProperty(MaxTest = 50)]
    public bool XWingDecapsulate_RandomInput_RefusedUnlessWellSized(byte[] ciphertext)
    {
        // Only a 1120-byte input can decapsulate (to the implicit-rejection secret); anything else is refused.
        var ok = XWingRecipient.TryDecapsulate(ciphertext ?? [], new byte[32]);
        return !ok || (ciphertext ?? []).Length == XWingKey.CiphertextSize;
    }

    [FsCheckProperty(MaxTest = 50)]
    public bool XWingDecapsulate_RandomFullSizeCiphertext_GivesADifferentSecretThanAnHonestOne(byte salt)
    {
        var ct = System.Security.Cryptography.RandomNumberGenerator.GetBytes(XWingKey.CiphertextSize);
        ct[0] ^= salt;
        var honestCt = new byte[XWingKey.CiphertextSize];
        var honest = new byte[32];
        var random = new byte[32];
        XWing.TryEncapsulate(XWingRecipient.PublicKey, honestCt, honest);
        return !XWingRecipient.TryDecapsulate(ct, random) || !random.AsSpan().SequenceEqual(honest);
    }

    [FsCheckProperty(MaxTest = 50)]
    public bool HpkeOpenBase_RandomEncAndCiphertext_IsFalse(byte[] enc, byte[] ciphertext)
    {
        var x25519 = Hpke.TryOpenBase(HpkeKemId.DhKemX25519HkdfSha256, HpkeAeadId.Aes256Gcm, X25519Recipient, enc ?? [], [], [], ciphertext ?? [], out _);
        var xwing = Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, XWingRecipient, enc ?? [], [], [], ciphertext ?? [], out _);
        return !x25519 && !xwing;
    }

    [FsCheckProperty(MaxTest = 30)]
    public bool HpkeOpenBase_FullSizeRandomEnc_IsFalse(byte[] ciphertext)
    {
        var enc = System.Security.Cryptography.RandomNumberGenerator.GetBytes(XWingKey.CiphertextSize);
        return !Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes128Gcm, XWingRecipient, enc, [], [], ciphertext ?? [], out _);
    }

    [FsCheckProperty]
    public bool MlKemEncapsulate_RandomKey_RefusedUnlessWellSized(byte[] encapsulationKey)
    {
        var ok = MlKem768.TryEncapsulate(encapsulationKey ?? [], new byte[MlKem768.CiphertextSize], new byte[32]);
        return !ok || (encapsulationKey ?? []).Length == MlKem768.EncapsulationKeySize;
    }
}
