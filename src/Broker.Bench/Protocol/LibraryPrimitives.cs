using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Broker.Bench.Protocol;

/// <summary>
/// The cryptography an envelope cannot do without, as bare calls into the libraries Broker.Protocol is built on (BouncyCastle
/// for Ed25519, ML-DSA-65, ML-KEM-768, X25519 and SHA3; .NET for SHA-256, HKDF and AES-GCM), with keys made once and inputs of
/// the envelope's sizes. Broker.Protocol's own wrappers are not used on purpose: its public API offers no raw primitive (its
/// BouncyCastle types stay internal), and a yardstick that shares no code with what it measures counts the wrappers' own
/// work (key decoding, copies, the HPKE key schedule around X-Wing) as envelope overhead instead of hiding it.
/// </summary>
internal sealed class LibraryPrimitives
{
    public const string Ed25519Sign = "Ed25519 sign";
    public const string MlDsaSign = "ML-DSA-65 sign (hedged)";
    public const string Ed25519Verify = "Ed25519 verify";
    public const string MlDsaVerify = "ML-DSA-65 verify";
    public const string XWingEncaps = "X-Wing encaps (ML-KEM-768, 2x X25519, SHA3)";
    public const string XWingDecaps = "X-Wing decaps (ML-KEM-768, X25519, SHA3)";
    public const string ViewKeys = "HKDF view key, nonce, commitment";
    public const string AesEncrypt = "AES-256-GCM encrypt payload";
    public const string AesDecrypt = "AES-256-GCM decrypt payload";
    public const string Sha256Payload = "SHA-256 over payload";

    private const int MlKem768CiphertextBytes = 1088; // FIPS 203, ML-KEM-768

    private static readonly byte[] Context = "broker/v1/envelope"u8.ToArray();
    private static readonly byte[] XWingLabel = [0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c];

    private readonly Ed25519PrivateKeyParameters _ed25519 = new(RandomNumberGenerator.GetBytes(32));
    private readonly MLDsaPrivateKeyParameters _mlDsa = MLDsaPrivateKeyParameters.FromSeed(MLDsaParameters.ml_dsa_65, RandomNumberGenerator.GetBytes(32));
    private readonly MLKemPrivateKeyParameters _mlKem = MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, RandomNumberGenerator.GetBytes(64));
    private readonly X25519PrivateKeyParameters _x25519 = new(RandomNumberGenerator.GetBytes(32));
    private readonly Ed25519PublicKeyParameters _ed25519Public;
    private readonly MLDsaPublicKeyParameters _mlDsaPublic;
    private readonly MLKemPublicKeyParameters _mlKemPublic;
    private readonly X25519PublicKeyParameters _x25519Public;

    public LibraryPrimitives()
    {
        _ed25519Public = _ed25519.GeneratePublicKey();
        _mlDsaPublic = _mlDsa.GetPublicKey();
        _mlKemPublic = _mlKem.GetPublicKey();
        _x25519Public = _x25519.GeneratePublicKey();
    }

    /// <summary>One action per primitive, each on inputs made for <paramref name="payloadBytes"/> (an envelope's signed transcript is a few hundred bytes).</summary>
    public Dictionary<string, Action> Actions(int payloadBytes)
    {
        var transcript = RandomNumberGenerator.GetBytes(400);
        var ed25519Signature = SignEd25519(transcript);
        var mlDsaSignature = SignMlDsa(transcript);
        var (mlKemCiphertext, x25519Share, _) = EncapsulateXWing();
        var cek = RandomNumberGenerator.GetBytes(32);
        var payload = RandomNumberGenerator.GetBytes(payloadBytes);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var aad = RandomNumberGenerator.GetBytes(60);
        var ciphertext = new byte[payloadBytes];
        var tag = new byte[16];
        using (var gcm = new AesGcm(key, tag.Length))
        {
            gcm.Encrypt(nonce, payload, ciphertext, tag, aad);
        }

        return new Dictionary<string, Action>
        {
            [Ed25519Sign] = () => SignEd25519(transcript),
            [MlDsaSign] = () => SignMlDsa(transcript),
            [Ed25519Verify] = () => VerifyEd25519(transcript, ed25519Signature),
            [MlDsaVerify] = () => VerifyMlDsa(transcript, mlDsaSignature),
            [XWingEncaps] = () => EncapsulateXWing(),
            [XWingDecaps] = () => DecapsulateXWing(mlKemCiphertext, x25519Share),
            [ViewKeys] = () => DeriveViewKeys(cek),
            [AesEncrypt] = () =>
            {
                using var gcm = new AesGcm(key, tag.Length);
                gcm.Encrypt(nonce, payload, new byte[payload.Length], new byte[tag.Length], aad);
            },
            [AesDecrypt] = () =>
            {
                using var gcm = new AesGcm(key, tag.Length);
                gcm.Decrypt(nonce, ciphertext, tag, new byte[ciphertext.Length], aad);
            },
            [Sha256Payload] = () => SHA256.HashData(ciphertext),
        };
    }

    internal byte[] SignEd25519(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    internal bool VerifyEd25519(byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, _ed25519Public);
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    internal byte[] SignMlDsa(byte[] message)
    {
        var signer = new MLDsaSigner(MLDsaParameters.ml_dsa_65, deterministic: false);
        signer.Init(true, new ParametersWithContext(_mlDsa, Context));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    internal bool VerifyMlDsa(byte[] message, byte[] signature)
    {
        var verifier = new MLDsaSigner(MLDsaParameters.ml_dsa_65, deterministic: false);
        verifier.Init(false, new ParametersWithContext(_mlDsaPublic, Context));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    // X-Wing (draft-connolly-cfrg-xwing-kem): ML-KEM-768 encapsulation, an ephemeral X25519 share and agreement, SHA3-256 combiner.
    internal (byte[] MlKemCiphertext, X25519PublicKeyParameters Share, byte[] SharedSecret) EncapsulateXWing()
    {
        var ciphertext = new byte[MlKem768CiphertextBytes];
        var ssM = new byte[32];
        var encapsulator = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
        encapsulator.Init(_mlKemPublic);
        encapsulator.Encapsulate(ciphertext, 0, ciphertext.Length, ssM, 0, ssM.Length);
        var ephemeral = new X25519PrivateKeyParameters(RandomNumberGenerator.GetBytes(32));
        var share = ephemeral.GeneratePublicKey();
        var ssX = new byte[32];
        ephemeral.GenerateSecret(_x25519Public, ssX, 0);
        return (ciphertext, share, Combine(ssM, ssX, share, _x25519Public));
    }

    internal byte[] DecapsulateXWing(byte[] mlKemCiphertext, X25519PublicKeyParameters share)
    {
        var ssM = new byte[32];
        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(_mlKem);
        decapsulator.Decapsulate(mlKemCiphertext, 0, mlKemCiphertext.Length, ssM, 0, ssM.Length);
        var ssX = new byte[32];
        _x25519.GenerateSecret(share, ssX, 0);
        return Combine(ssM, ssX, share, _x25519Public);
    }

    private static byte[] Combine(byte[] ssM, byte[] ssX, X25519PublicKeyParameters share, X25519PublicKeyParameters recipient)
    {
        var sha3 = new Sha3Digest(256);
        sha3.BlockUpdate(ssM, 0, ssM.Length);
        sha3.BlockUpdate(ssX, 0, ssX.Length);
        sha3.BlockUpdate(share.GetEncoded(), 0, 32);
        sha3.BlockUpdate(recipient.GetEncoded(), 0, 32);
        sha3.BlockUpdate(XWingLabel, 0, XWingLabel.Length);
        var shared = new byte[32];
        sha3.DoFinal(shared, 0);
        return shared;
    }

    // One extract and three expands, as protocols/envelope-v1.md derives a view's key, nonce and key commitment from its CEK.
    private static void DeriveViewKeys(byte[] cek)
    {
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, cek, "broker/v1/cek"u8, prk);
        Span<byte> output = stackalloc byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, "broker/v1/view-key"u8);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output[..12], "broker/v1/view-nonce"u8);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, "broker/v1/key-commitment"u8);
    }
}
