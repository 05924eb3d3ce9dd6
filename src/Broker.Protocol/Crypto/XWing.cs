using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Broker.Protocol.Crypto;

/// <summary>
/// X-Wing encapsulation (draft-connolly-cfrg-xwing-kem). The combiner is
/// SHA3-256(ss_M‖ss_X‖ct_X‖pk_X‖"\.//^\"). Encapsulation returns false for a wrong size, an ML-KEM key that
/// fails the FIPS 203 modulus check, or a low-order X25519 key.
/// </summary>
internal static class XWing
{
    public const int EncapsulationSeedSize = 64;

    private static ReadOnlySpan<byte> Label => [0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c];

    public static bool TryEncapsulate(ReadOnlySpan<byte> publicKey, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        Span<byte> eseed = stackalloc byte[EncapsulationSeedSize];
        RandomNumberGenerator.Fill(eseed);
        try
        {
            return TryEncapsulateDeterministic(publicKey, eseed, ciphertext, sharedSecret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(eseed);
        }
    }

    /// <summary>Derandomised encapsulation: eseed = m (32 bytes for ML-KEM) ‖ ephemeral X25519 private key (32 bytes).</summary>
    internal static bool TryEncapsulateDeterministic(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> eseed64, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        if (publicKey.Length != XWingKey.PublicKeySize || eseed64.Length != EncapsulationSeedSize
            || ciphertext.Length != XWingKey.CiphertextSize || sharedSecret.Length != XWingKey.SharedSecretSize)
        {
            return false;
        }

        var pkM = publicKey[..MlKem768.EncapsulationKeySize];
        var pkX = publicKey[MlKem768.EncapsulationKeySize..];
        var ephemeral = eseed64[MlKem768.MessageSize..];
        var ctM = ciphertext[..MlKem768.CiphertextSize];
        var ctX = ciphertext[MlKem768.CiphertextSize..];
        Span<byte> ssM = stackalloc byte[MlKem768.SharedSecretSize];
        Span<byte> ssX = stackalloc byte[X25519.SharedSecretSize];
        try
        {
            if (!X25519.TryAgree(ephemeral, pkX, ssX)
                || !MlKem768.TryEncapsulateDeterministic(pkM, eseed64[..MlKem768.MessageSize], ctM, ssM))
            {
                return false;
            }

            X25519.PublicKey(ephemeral).CopyTo(ctX);
            Combine(ssM, ssX, ctX, pkX, sharedSecret);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ssM);
            CryptographicOperations.ZeroMemory(ssX);
        }
    }

    internal static void Combine(ReadOnlySpan<byte> ssM, ReadOnlySpan<byte> ssX, ReadOnlySpan<byte> ctX, ReadOnlySpan<byte> pkX, Span<byte> sharedSecret)
    {
        var sha3 = new Sha3Digest(256);
        sha3.BlockUpdate(ssM);
        sha3.BlockUpdate(ssX);
        sha3.BlockUpdate(ctX);
        sha3.BlockUpdate(pkX);
        sha3.BlockUpdate(Label);
        sha3.DoFinal(sharedSecret);
    }
}
