using System.Security.Cryptography;

namespace Broker.Protocol.Crypto;

/// <summary>
/// DHKEM(X25519, HKDF-SHA256), HPKE KEM 0x0020 (RFC 9180 §4.1, §7.1.3). Every operation returns false when a
/// size is wrong or a Diffie-Hellman output is all zero.
/// </summary>
internal static class HpkeDhKemX25519
{
    public const int SharedSecretSize = 32;
    public const int EncSize = X25519.PublicKeySize;

    private static readonly byte[] SuiteId = HpkeLabels.KemSuiteId(HpkeKemId.DhKemX25519HkdfSha256);

    /// <summary>RFC 9180 §7.1.3 DeriveKeyPair for X25519: sk = LabeledExpand(LabeledExtract("", "dkp_prk", ikm), "sk", "", 32).</summary>
    public static (byte[] PrivateKey, byte[] PublicKey) DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        var prk = HpkeLabels.LabeledExtract(SuiteId, [], "dkp_prk"u8, ikm);
        try
        {
            var sk = HpkeLabels.LabeledExpand(SuiteId, prk, "sk"u8, [], X25519.PrivateKeySize);
            return (sk, X25519.PublicKey(sk));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

    /// <summary>Encap (or AuthEncap when <paramref name="senderPrivateKey"/> is not empty) with the given ephemeral private key.</summary>
    public static bool TryEncap(ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> ephemeralPrivateKey, ReadOnlySpan<byte> senderPrivateKey,
        out byte[] sharedSecret, out byte[] enc)
    {
        sharedSecret = [];
        enc = [];
        var auth = !senderPrivateKey.IsEmpty;
        if (recipientPublicKey.Length != X25519.PublicKeySize || ephemeralPrivateKey.Length != X25519.PrivateKeySize
            || (auth && senderPrivateKey.Length != X25519.PrivateKeySize))
        {
            return false;
        }

        var dh = new byte[auth ? 64 : 32];
        try
        {
            if (!X25519.TryAgree(ephemeralPrivateKey, recipientPublicKey, dh.AsSpan(0, 32))
                || (auth && !X25519.TryAgree(senderPrivateKey, recipientPublicKey, dh.AsSpan(32))))
            {
                return false;
            }

            var pkE = X25519.PublicKey(ephemeralPrivateKey);
            byte[] kemContext = auth
                ? [.. pkE, .. recipientPublicKey, .. X25519.PublicKey(senderPrivateKey)]
                : [.. pkE, .. recipientPublicKey];
            sharedSecret = ExtractAndExpand(dh, kemContext);
            enc = pkE;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    /// <summary>Decap (or AuthDecap when <paramref name="senderPublicKey"/> is not empty).</summary>
    public static bool TryDecap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> recipientPrivateKey, ReadOnlySpan<byte> senderPublicKey, out byte[] sharedSecret)
    {
        sharedSecret = [];
        var auth = !senderPublicKey.IsEmpty;
        if (enc.Length != EncSize || recipientPrivateKey.Length != X25519.PrivateKeySize
            || (auth && senderPublicKey.Length != X25519.PublicKeySize))
        {
            return false;
        }

        var dh = new byte[auth ? 64 : 32];
        try
        {
            if (!X25519.TryAgree(recipientPrivateKey, enc, dh.AsSpan(0, 32))
                || (auth && !X25519.TryAgree(recipientPrivateKey, senderPublicKey, dh.AsSpan(32))))
            {
                return false;
            }

            var pkR = X25519.PublicKey(recipientPrivateKey);
            byte[] kemContext = auth ? [.. enc, .. pkR, .. senderPublicKey] : [.. enc, .. pkR];
            sharedSecret = ExtractAndExpand(dh, kemContext);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    private static byte[] ExtractAndExpand(ReadOnlySpan<byte> dh, ReadOnlySpan<byte> kemContext)
    {
        var prk = HpkeLabels.LabeledExtract(SuiteId, [], "eae_prk"u8, dh);
        try
        {
            return HpkeLabels.LabeledExpand(SuiteId, prk, "shared_secret"u8, kemContext, SharedSecretSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }
}
