using System.Diagnostics.CodeAnalysis;

namespace Broker.Protocol.Crypto;

/// <summary>
/// Hybrid Public Key Encryption (RFC 9180) with KDF HKDF-SHA256 only, KEMs DHKEM(X25519) and X-Wing, and AEADs
/// AES-128-GCM, AES-256-GCM or export-only. Every entry point returns false (never throws) for unknown ids,
/// wrong sizes, inconsistent PSK inputs, a failed decapsulation or a failed tag check.
/// </summary>
internal static partial class Hpke
{
    /// <summary>Single-shot base-mode seal (RFC 9180 §6.1): a fresh encapsulation, then one encryption at sequence number 0.</summary>
    public static bool TrySealBase(HpkeKemId kem, HpkeAeadId aead, ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, out byte[] enc, out byte[] ciphertext)
    {
        ciphertext = [];
        if (aead == HpkeAeadId.ExportOnly
            || !TrySetupSender(kem, aead, HpkeMode.Base, recipientPublicKey, info, [], [], [], [], out enc, out var context))
        {
            enc = [];
            return false;
        }

        using (context)
        {
            ciphertext = context.Seal(aad, plaintext);
            return true;
        }
    }

    /// <summary>
    /// Single-shot base-mode open. <paramref name="recipientPrivateKey"/> is the 32-byte X25519 private key for
    /// KEM 0x0020, or the 32-byte X-Wing seed for KEM 0x647a (prefer the <see cref="XWingKey"/> overload, which
    /// does not re-expand the key).
    /// </summary>
    public static bool TryOpenBase(HpkeKemId kem, HpkeAeadId aead, ReadOnlySpan<byte> recipientPrivateKey, ReadOnlySpan<byte> enc,
        ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, out byte[]? plaintext)
    {
        plaintext = null;
        if (aead == HpkeAeadId.ExportOnly
            || !TrySetupReceiver(kem, aead, HpkeMode.Base, recipientPrivateKey, enc, info, [], [], [], out var context))
        {
            return false;
        }

        using (context)
        {
            return context.TryOpen(aad, ciphertext, out plaintext);
        }
    }

    /// <summary>Single-shot base-mode open with an X-Wing key; <paramref name="kem"/> must be <see cref="HpkeKemId.XWing"/>.</summary>
    public static bool TryOpenBase(HpkeKemId kem, HpkeAeadId aead, XWingKey recipient, ReadOnlySpan<byte> enc,
        ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, out byte[]? plaintext)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        plaintext = null;
        if (kem != HpkeKemId.XWing || aead == HpkeAeadId.ExportOnly
            || !TrySetupReceiver(aead, HpkeMode.Base, recipient, enc, info, [], [], out var context))
        {
            return false;
        }

        using (context)
        {
            return context.TryOpen(aad, ciphertext, out plaintext);
        }
    }

    /// <summary>
    /// RFC 9180 §5.1 SetupS (all four modes; the auth modes only with DHKEM). <paramref name="ephemeralInput"/> empty
    /// means fresh randomness; otherwise it is ikmE for DHKEM (run through DeriveKeyPair) or the 64-byte eseed for
    /// X-Wing. <paramref name="senderPrivateKey"/> is given exactly in the auth modes.
    /// </summary>
    internal static bool TrySetupSender(HpkeKemId kem, HpkeAeadId aead, HpkeMode mode, ReadOnlySpan<byte> recipientPublicKey,
        ReadOnlySpan<byte> info, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, ReadOnlySpan<byte> senderPrivateKey,
        ReadOnlySpan<byte> ephemeralInput, out byte[] enc, [NotNullWhen(true)] out HpkeContext? context)
    {
        enc = [];
        context = null;
        var auth = mode is HpkeMode.Auth or HpkeMode.AuthPsk;
        if (!IsSupported(kem) || !IsSupported(aead) || !PskInputsAreValid(mode, psk, pskId) || auth == senderPrivateKey.IsEmpty)
        {
            return false;
        }

        byte[] sharedSecret;
        if (kem == HpkeKemId.DhKemX25519HkdfSha256)
        {
            var ephemeral = ephemeralInput.IsEmpty ? X25519.GeneratePrivateKey() : HpkeDhKemX25519.DeriveKeyPair(ephemeralInput).PrivateKey;
            try
            {
                if (!HpkeDhKemX25519.TryEncap(recipientPublicKey, ephemeral, senderPrivateKey, out sharedSecret, out enc))
                {
                    return false;
                }
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(ephemeral);
            }
        }
        else
        {
            // draft-ietf-hpke-pq: the PQ KEMs have no AuthEncap.
            if (auth)
            {
                return false;
            }

            enc = new byte[XWingKey.CiphertextSize];
            sharedSecret = new byte[XWingKey.SharedSecretSize];
            var encapsulated = ephemeralInput.IsEmpty
                ? XWing.TryEncapsulate(recipientPublicKey, enc, sharedSecret)
                : XWing.TryEncapsulateDeterministic(recipientPublicKey, ephemeralInput, enc, sharedSecret);
            if (!encapsulated)
            {
                enc = [];
                return false;
            }
        }

        try
        {
            context = KeySchedule(kem, aead, mode, sharedSecret, info, psk, pskId);
            return true;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }
}
