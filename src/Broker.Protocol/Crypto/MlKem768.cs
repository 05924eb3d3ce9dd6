using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace Broker.Protocol.Crypto;

/// <summary>
/// ML-KEM-768 encapsulation (FIPS 203). The encapsulation key gets the §7.2 input check (length and modulus);
/// a key that fails it makes encapsulation return false rather than throw.
/// </summary>
internal static class MlKem768
{
    public const int SeedSize = 64;
    public const int EncapsulationKeySize = 1184;
    public const int DecapsulationKeySize = 2400;
    public const int CiphertextSize = 1088;
    public const int SharedSecretSize = 32;
    public const int MessageSize = 32;

    internal static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_768;

    public static bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, Span<byte> ciphertext, Span<byte> sharedSecret) =>
        TryEncapsulateCore(encapsulationKey, null, ciphertext, sharedSecret);

    /// <summary>Derandomised encapsulation with the 32-byte message m, for conformance vectors and X-Wing's eseed.</summary>
    internal static bool TryEncapsulateDeterministic(ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> m, Span<byte> ciphertext, Span<byte> sharedSecret) =>
        m.Length == MessageSize && TryEncapsulateCore(encapsulationKey, m.ToArray(), ciphertext, sharedSecret);

    private static bool TryEncapsulateCore(ReadOnlySpan<byte> encapsulationKey, byte[]? m, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        if (encapsulationKey.Length != EncapsulationKeySize || ciphertext.Length != CiphertextSize || sharedSecret.Length != SharedSecretSize)
        {
            return false;
        }

        var ct = new byte[CiphertextSize];
        var ss = new byte[SharedSecretSize];
        try
        {
            ICipherParameters key = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
            if (m is not null)
            {
                key = new ParametersWithRandom(key, FixedRandomGenerator.Create(m));
            }

            var encapsulator = new MLKemEncapsulator(Parameters);
            encapsulator.Init(key);
            encapsulator.Encapsulate(ct, 0, ct.Length, ss, 0, ss.Length);
            ct.CopyTo(ciphertext);
            ss.CopyTo(sharedSecret);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ss);
            if (m is not null)
            {
                CryptographicOperations.ZeroMemory(m);
            }
        }
    }
}
