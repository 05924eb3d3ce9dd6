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

    /// <summary>DeriveKeyPair for X-Wing as an HPKE KEM: the seed is SHAKE256(ikm, 32).</summary>
    internal static XWingKey DeriveXWingKeyPair(ReadOnlySpan<byte> ikm)
    {
        var seed = new byte[XWingKey.SeedSize];
        try
        {
            var shake = new Org.BouncyCastle.Crypto.Digests.ShakeDigest(256);
            shake.BlockUpdate(ikm);
            shake.OutputFinal(seed, 0, seed.Length);
            return XWingKey.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
