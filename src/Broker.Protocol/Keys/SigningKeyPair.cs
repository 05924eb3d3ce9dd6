using System.Security.Cryptography;
using Broker.Protocol.Crypto;

namespace Broker.Protocol.Keys;

/// <summary>
/// An agency's composite signing key: Ed25519 + ML-DSA-65, both derived from one 32-byte seed with HKDF-SHA256
/// (info "broker/v1/signing/ed25519" and "broker/v1/signing/ml-dsa-65"), so the seed is the whole private key at rest.
/// Signing after <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class SigningKeyPair : IDisposable
{
    public const int SeedLength = 32;

    private readonly byte[] _seed;
    private readonly Ed25519Key _ed25519;
    private readonly MlDsa65Key _mlDsa65;
    private bool _disposed;

    private SigningKeyPair(ReadOnlySpan<byte> seed)
    {
        _seed = seed.ToArray();
        var edSeed = HkdfSha256.DeriveKey(seed, [], "broker/v1/signing/ed25519"u8, Ed25519Key.SeedSize);
        var mlSeed = HkdfSha256.DeriveKey(seed, [], "broker/v1/signing/ml-dsa-65"u8, MlDsa65Key.SeedSize);
        try
        {
            _ed25519 = Ed25519Key.FromSeed(edSeed);
            _mlDsa65 = MlDsa65Key.FromSeed(mlSeed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(edSeed);
            CryptographicOperations.ZeroMemory(mlSeed);
        }

        SigningPublicKey.TryCreate(_ed25519.PublicKey, _mlDsa65.PublicKey, out var publicKey);
        PublicKey = publicKey!;
    }

    public SigningPublicKey PublicKey { get; }

    public KeyId Id => PublicKey.Id;

    internal ReadOnlySpan<byte> Seed
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _seed;
        }
    }

    public static SigningKeyPair Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        var pair = new SigningKeyPair(seed);
        CryptographicOperations.ZeroMemory(seed);
        return pair;
    }

    /// <summary>Rebuilds the pair from its 32-byte seed; throws <see cref="ArgumentException"/> for any other length.</summary>
    public static SigningKeyPair FromSeed(ReadOnlySpan<byte> seed32) =>
        seed32.Length == SeedLength ? new SigningKeyPair(seed32) : throw new ArgumentException("A signing seed is 32 bytes.", nameof(seed32));

    internal byte[] SignEd25519(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ed25519.Sign(message);
    }

    /// <summary>Hedged ML-DSA-65 signing, or FIPS 204 deterministic signing (rnd = 0^32) when <paramref name="deterministic"/> is set (test vectors).</summary>
    internal byte[] SignMlDsa65(ReadOnlySpan<byte> message, ReadOnlySpan<byte> context, bool deterministic)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return deterministic ? _mlDsa65.SignDeterministic(message, context) : _mlDsa65.Sign(message, context);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_seed);
        _ed25519.Dispose();
        _mlDsa65.Dispose();
    }
}
