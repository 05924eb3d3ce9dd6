using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Broker.Protocol.Crypto;

/// <summary>
/// An ML-DSA-65 key (FIPS 204, pure ML-DSA with a context string of at most 255 bytes) made from a 32-byte seed.
/// Signing is hedged (fresh randomness per signature). Verification never throws: wrong sizes, a context over
/// 255 bytes or a malformed key simply fail to verify.
/// </summary>
internal sealed class MlDsa65Key : IDisposable
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 1952;
    public const int ExpandedPrivateKeySize = 4032;
    public const int SignatureSize = 3309;
    public const int MaxContextSize = 255;
    public const int RandomnessSize = 32;
    private const int TrSize = 64;

    private static readonly MLDsaParameters Parameters = MLDsaParameters.ml_dsa_65;

    private readonly MLDsaPrivateKeyParameters _privateKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private MlDsa65Key(MLDsaPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        _publicKey = privateKey.GetPublicKey().GetEncoded();
    }

    /// <summary>The 1952-byte encoded public key (a fresh copy on each call).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Makes the key from its 32-byte seed ξ; throws <see cref="ArgumentException"/> on any other length.</summary>
    public static MlDsa65Key FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An ML-DSA-65 seed is {SeedSize} bytes.", nameof(seed));
        }

        var copy = seed.ToArray();
        try
        {
            return new MlDsa65Key(MLDsaPrivateKeyParameters.FromSeed(Parameters, copy));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public static MlDsa65Key Generate()
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

    /// <summary>
    /// Loads a FIPS 204 expanded private key (4032 bytes); false if it is malformed: an s1/s2 coefficient outside
    /// [-η, η] (BouncyCastle does not check this) or a tr that is not H(pk). Used for conformance vectors.
    /// </summary>
    internal static bool TryFromExpanded(ReadOnlySpan<byte> expandedKey, out MlDsa65Key? key)
    {
        key = null;
        if (expandedKey.Length != ExpandedPrivateKeySize || !SecretVectorsInRange(expandedKey))
        {
            return false;
        }

        try
        {
            var candidate = new MlDsa65Key(MLDsaPrivateKeyParameters.FromEncoding(Parameters, expandedKey.ToArray()));
            Span<byte> tr = stackalloc byte[TrSize];
            var shake = new ShakeDigest(256);
            shake.BlockUpdate(candidate._publicKey);
            shake.OutputFinal(tr);
            if (!CryptographicOperations.FixedTimeEquals(tr, expandedKey.Slice(2 * 32, TrSize)))
            {
                return false;
            }

            key = candidate;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The FIPS 204 expanded private key (4032 bytes), for tests only.</summary>
    internal byte[] ExportExpanded() => _privateKey.GetEncoded();

    // sk = ρ(32) ‖ K(32) ‖ tr(64) ‖ s1 (l=5 polynomials) ‖ s2 (k=6) ‖ t0. With η = 4 each coefficient of s1 and
    // s2 is stored as η − c in 4 bits, so a nibble above 2η = 8 encodes a coefficient out of range.
    private static bool SecretVectorsInRange(ReadOnlySpan<byte> expandedKey)
    {
        const int PackedSecretsOffset = 32 + 32 + TrSize;
        const int PackedSecretsLength = (5 + 6) * 256 / 2;
        foreach (var b in expandedKey.Slice(PackedSecretsOffset, PackedSecretsLength))
        {
            if ((b & 0x0F) > 8 || (b >> 4) > 8)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hedged signature over <paramref name="message"/> under <paramref name="context"/> (at most 255 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message, ReadOnlySpan<byte> context) => SignCore(message, context, deterministic: false, random: null);

    /// <summary>Deterministic variant (rnd = 0³²), for conformance vectors only.</summary>
    internal byte[] SignDeterministic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> context) => SignCore(message, context, deterministic: true, random: null);

    /// <summary>Signs with the given 32-byte rnd, for conformance vectors only.</summary>
    internal byte[] SignWithRandomness(ReadOnlySpan<byte> message, ReadOnlySpan<byte> context, ReadOnlySpan<byte> rnd)
    {
        if (rnd.Length != RandomnessSize)
        {
            throw new ArgumentException($"ML-DSA signing randomness is {RandomnessSize} bytes.", nameof(rnd));
        }

        return SignCore(message, context, deterministic: false, random: rnd.ToArray());
    }

    private byte[] SignCore(ReadOnlySpan<byte> message, ReadOnlySpan<byte> context, bool deterministic, byte[]? random)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (context.Length > MaxContextSize)
        {
            throw new ArgumentOutOfRangeException(nameof(context), $"An ML-DSA context is at most {MaxContextSize} bytes.");
        }

        ICipherParameters key = random is null ? _privateKey : new ParametersWithRandom(_privateKey, FixedRandomGenerator.Create(random));
        var signer = new MLDsaSigner(Parameters, deterministic);
        signer.Init(true, new ParametersWithContext(key, context.ToArray()));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>Checks a pure ML-DSA-65 signature under <paramref name="context"/>; false (never throws) for anything malformed.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> context, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize || context.Length > MaxContextSize)
        {
            return false;
        }

        try
        {
            var verifier = new MLDsaSigner(Parameters, deterministic: false);
            verifier.Init(false, new ParametersWithContext(MLDsaPublicKeyParameters.FromEncoding(Parameters, publicKey.ToArray()), context.ToArray()));
            verifier.BlockUpdate(message);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // BouncyCastle holds the expanded key internally with no wipe API; refusing further use is what remains.
    public void Dispose() => _disposed = true;
}
