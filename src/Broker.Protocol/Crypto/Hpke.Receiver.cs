using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Broker.Protocol.Crypto;

internal static partial class Hpke
{
    /// <summary>
    /// RFC 9180 §5.1 SetupR. <paramref name="recipientPrivateKey"/> is the X25519 private key (KEM 0x0020) or the
    /// X-Wing seed (KEM 0x647a). <paramref name="senderPublicKey"/> is given exactly in the auth modes.
    /// </summary>
    internal static bool TrySetupReceiver(HpkeKemId kem, HpkeAeadId aead, HpkeMode mode, ReadOnlySpan<byte> recipientPrivateKey,
        ReadOnlySpan<byte> enc, ReadOnlySpan<byte> info, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId,
        ReadOnlySpan<byte> senderPublicKey, [NotNullWhen(true)] out HpkeContext? context)
    {
        context = null;
        var auth = mode is HpkeMode.Auth or HpkeMode.AuthPsk;
        if (!IsSupported(kem) || !IsSupported(aead) || !PskInputsAreValid(mode, psk, pskId) || auth == senderPublicKey.IsEmpty)
        {
            return false;
        }

        if (kem == HpkeKemId.XWing)
        {
            if (recipientPrivateKey.Length != XWingKey.SeedSize)
            {
                return false;
            }

            using var key = XWingKey.FromSeed(recipientPrivateKey);
            return TrySetupReceiver(aead, mode, key, enc, info, psk, pskId, out context);
        }

        if (!HpkeDhKemX25519.TryDecap(enc, recipientPrivateKey, senderPublicKey, out var sharedSecret))
        {
            return false;
        }

        try
        {
            context = KeySchedule(kem, aead, mode, sharedSecret, info, psk, pskId);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>SetupR for X-Wing (KEM 0x647a), base or psk mode only.</summary>
    internal static bool TrySetupReceiver(HpkeAeadId aead, HpkeMode mode, XWingKey recipient, ReadOnlySpan<byte> enc,
        ReadOnlySpan<byte> info, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, [NotNullWhen(true)] out HpkeContext? context)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        context = null;
        if (mode is not (HpkeMode.Base or HpkeMode.Psk) || !IsSupported(aead) || !PskInputsAreValid(mode, psk, pskId))
        {
            return false;
        }

        Span<byte> sharedSecret = stackalloc byte[XWingKey.SharedSecretSize];
        try
        {
            if (!recipient.TryDecapsulate(enc, sharedSecret))
            {
                return false;
            }

            context = KeySchedule(HpkeKemId.XWing, aead, mode, sharedSecret, info, psk, pskId);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>
    /// DeriveKeyPair for X-Wing as HPKE KEM 0x647a per draft-ietf-hpke-pq: seed = SHAKE256.LabeledDerive(ikm,
    /// "DeriveKeyPair", "", 32), i.e. SHAKE256(ikm ‖ "HPKE-v1" ‖ "KEM" ‖ 0x647a ‖ I2OSP(13, 2) ‖ "DeriveKeyPair" ‖
    /// I2OSP(32, 2)), then X-Wing key generation from that seed. (The X-Wing draft's own §5.6 uses plain
    /// SHAKE256(ikm, 32); the two give different keys for the same ikm. The envelope never derives keys from ikm.)
    /// </summary>
    internal static XWingKey DeriveXWingKeyPair(ReadOnlySpan<byte> ikm)
    {
        var seed = new byte[XWingKey.SeedSize];
        try
        {
            Span<byte> lengths = stackalloc byte[2];
            var shake = new Org.BouncyCastle.Crypto.Digests.ShakeDigest(256);
            shake.BlockUpdate(ikm);
            shake.BlockUpdate("HPKE-v1"u8);
            shake.BlockUpdate(HpkeLabels.KemSuiteId(HpkeKemId.XWing));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(lengths, (ushort)"DeriveKeyPair"u8.Length);
            shake.BlockUpdate(lengths);
            shake.BlockUpdate("DeriveKeyPair"u8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(lengths, XWingKey.SeedSize);
            shake.BlockUpdate(lengths);
            shake.OutputFinal(seed, 0, seed.Length);
            return XWingKey.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
