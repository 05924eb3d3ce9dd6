using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace Broker.Protocol.Crypto;

/// <summary>
/// An ML-KEM-768 decapsulation key, normally made from its 64-byte seed d‖z (FIPS 203 ML-KEM.KeyGen_internal).
/// Decapsulation of a well-sized but wrong ciphertext yields the implicit-rejection secret, as the standard says;
/// only a wrong size returns false.
/// </summary>
internal sealed class MlKem768Key : IDisposable
{
    private readonly MLKemPrivateKeyParameters _privateKey;
    private readonly byte[] _encapsulationKey;
    private bool _disposed;

    private MlKem768Key(MLKemPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        _encapsulationKey = privateKey.GetPublicKeyEncoded();
    }

    /// <summary>The 1184-byte encapsulation key (a fresh copy on each call).</summary>
    public byte[] EncapsulationKey => (byte[])_encapsulationKey.Clone();

    /// <summary>Makes the key from d‖z (64 bytes); throws <see cref="ArgumentException"/> on any other length.</summary>
    public static MlKem768Key FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != MlKem768.SeedSize)
        {
            throw new ArgumentException($"An ML-KEM-768 seed is {MlKem768.SeedSize} bytes.", nameof(seed));
        }

        var copy = seed.ToArray();
        try
        {
            return new MlKem768Key(MLKemPrivateKeyParameters.FromSeed(MlKem768.Parameters, copy));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public static MlKem768Key Generate()
    {
        Span<byte> seed = stackalloc byte[MlKem768.SeedSize];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Loads a 2400-byte expanded decapsulation key after the FIPS 203 §7.3 checks; false if they fail.</summary>
    internal static bool TryFromExpanded(ReadOnlySpan<byte> decapsulationKey, out MlKem768Key? key)
    {
        key = null;
        if (decapsulationKey.Length != MlKem768.DecapsulationKeySize)
        {
            return false;
        }

        try
        {
            key = new MlKem768Key(MLKemPrivateKeyParameters.FromEncoding(MlKem768.Parameters, decapsulationKey.ToArray()));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The expanded 2400-byte decapsulation key, for conformance vectors only.</summary>
    internal byte[] ExportExpanded() => _privateKey.GetEncoded();

    public bool TryDecapsulate(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ciphertext.Length != MlKem768.CiphertextSize || sharedSecret.Length != MlKem768.SharedSecretSize)
        {
            return false;
        }

        var ss = new byte[MlKem768.SharedSecretSize];
        try
        {
            var decapsulator = new MLKemDecapsulator(MlKem768.Parameters);
            decapsulator.Init(_privateKey);
            var ct = ciphertext.ToArray();
            decapsulator.Decapsulate(ct, 0, ct.Length, ss, 0, ss.Length);
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
        }
    }

    // BouncyCastle holds the expanded key internally with no wipe API; refusing further use is what remains.
    public void Dispose() => _disposed = true;
}
