using System.Security.Cryptography;
using Broker.Protocol.Crypto;

namespace Broker.Protocol.Keys;

/// <summary>
/// An agency's X-Wing decryption key, made from its 32-byte seed (the X-Wing private key format itself).
/// Use after <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class EncryptionKeyPair : IDisposable
{
    public const int SeedLength = 32;

    private readonly byte[] _seed;
    private readonly XWingKey _key;
    private bool _disposed;

    private EncryptionKeyPair(ReadOnlySpan<byte> seed)
    {
        _seed = seed.ToArray();
        _key = XWingKey.FromSeed(seed);
        EncryptionPublicKey.TryCreate(_key.PublicKey, out var publicKey);
        PublicKey = publicKey!;
    }

    public EncryptionPublicKey PublicKey { get; }

    public KeyId Id => PublicKey.Id;

    internal ReadOnlySpan<byte> Seed
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _seed;
        }
    }

    internal XWingKey Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    public static EncryptionKeyPair Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        var pair = new EncryptionKeyPair(seed);
        CryptographicOperations.ZeroMemory(seed);
        return pair;
    }

    /// <summary>Rebuilds the key from its 32-byte seed; throws <see cref="ArgumentException"/> for any other length.</summary>
    public static EncryptionKeyPair FromSeed(ReadOnlySpan<byte> seed32) =>
        seed32.Length == SeedLength ? new EncryptionKeyPair(seed32) : throw new ArgumentException("An encryption seed is 32 bytes.", nameof(seed32));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_seed);
        _key.Dispose();
    }
}
