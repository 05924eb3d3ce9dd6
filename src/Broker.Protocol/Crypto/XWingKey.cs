using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Broker.Protocol.Crypto;

/// <summary>
/// An X-Wing decapsulation key (draft-connolly-cfrg-xwing-kem; HPKE KEM 0x647a, MLKEM768-X25519) made from a
/// 32-byte seed: SHAKE256(seed, 96) gives the ML-KEM-768 seed d‖z and the X25519 private key.
/// Decapsulation returns false for a wrong size or a low-order X25519 share (all-zero DH output).
/// </summary>
internal sealed class XWingKey : IDisposable
{
    public const int SeedSize = 32;
    public const int PublicKeySize = MlKem768.EncapsulationKeySize + X25519.PublicKeySize;
    public const int CiphertextSize = MlKem768.CiphertextSize + X25519.PublicKeySize;
    public const int SharedSecretSize = 32;

    private readonly MlKem768Key _mlKem;
    private readonly byte[] _x25519PrivateKey;
    private readonly byte[] _x25519PublicKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private XWingKey(MlKem768Key mlKem, byte[] x25519PrivateKey)
    {
        _mlKem = mlKem;
        _x25519PrivateKey = x25519PrivateKey;
        _x25519PublicKey = X25519.PublicKey(x25519PrivateKey);
        _publicKey = [.. mlKem.EncapsulationKey, .. _x25519PublicKey];
    }

    /// <summary>The 1216-byte public key pk_M‖pk_X (a fresh copy on each call).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Makes the key from its 32-byte seed; throws <see cref="ArgumentException"/> on any other length.</summary>
    public static XWingKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An X-Wing seed is {SeedSize} bytes.", nameof(seed));
        }

        var expanded = new byte[MlKem768.SeedSize + X25519.PrivateKeySize];
        try
        {
            var shake = new ShakeDigest(256);
            shake.BlockUpdate(seed);
            shake.OutputFinal(expanded, 0, expanded.Length);
            var mlKem = MlKem768Key.FromSeed(expanded.AsSpan(0, MlKem768.SeedSize));
            return new XWingKey(mlKem, expanded.AsSpan(MlKem768.SeedSize).ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expanded);
        }
    }

    public static XWingKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedSize];
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

    /// <summary>Recovers the 32-byte shared secret; false for a wrong size or a low-order X25519 share.</summary>
    public bool TryDecapsulate(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ciphertext.Length != CiphertextSize || sharedSecret.Length != SharedSecretSize)
        {
            return false;
        }

        Span<byte> ssM = stackalloc byte[MlKem768.SharedSecretSize];
        Span<byte> ssX = stackalloc byte[X25519.SharedSecretSize];
        try
        {
            var ctX = ciphertext[MlKem768.CiphertextSize..];
            if (!_mlKem.TryDecapsulate(ciphertext[..MlKem768.CiphertextSize], ssM) || !X25519.TryAgree(_x25519PrivateKey, ctX, ssX))
            {
                return false;
            }

            XWing.Combine(ssM, ssX, ctX, _x25519PublicKey, sharedSecret);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ssM);
            CryptographicOperations.ZeroMemory(ssX);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_x25519PrivateKey);
            _mlKem.Dispose();
        }
    }
}
