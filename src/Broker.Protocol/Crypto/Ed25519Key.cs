using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Broker.Protocol.Crypto;

/// <summary>
/// An Ed25519 (RFC 8032, pure) signing key made from a 32-byte seed. Verification never throws:
/// keys, signatures or points that are malformed simply fail to verify.
/// </summary>
internal sealed class Ed25519Key : IDisposable
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    private readonly Ed25519PrivateKeyParameters _privateKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private Ed25519Key(Ed25519PrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        _publicKey = privateKey.GeneratePublicKey().GetEncoded();
    }

    /// <summary>The 32-byte encoded public key (a fresh copy on each call).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Makes the key from its 32-byte seed; throws <see cref="ArgumentException"/> on any other length.</summary>
    public static Ed25519Key FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes.", nameof(seed));
        }

        var copy = seed.ToArray();
        try
        {
            return new Ed25519Key(new Ed25519PrivateKeyParameters(copy));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public static Ed25519Key Generate()
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

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var signer = new Ed25519Signer();
        signer.Init(true, _privateKey);
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>Checks an Ed25519 signature; false for a wrong size, an invalid point or a bad signature.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(publicKey.ToArray()));
            verifier.BlockUpdate(message);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // BouncyCastle keeps its own copy of the private scalar and offers no way to wipe it; dropping the
    // reference and refusing further use is what can be done here.
    public void Dispose() => _disposed = true;
}
