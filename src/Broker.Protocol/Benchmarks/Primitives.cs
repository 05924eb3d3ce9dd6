using System.Security.Cryptography;
using Broker.Protocol.Crypto;
using Broker.Protocol.Keys;

namespace Broker.Protocol.Benchmarks;

/// <summary>The primitives an envelope is made of, as actions with the same inputs the envelope code gives them.</summary>
internal sealed class Primitives(BenchWorld world)
{
    public const string Ed25519Sign = "Ed25519 sign";
    public const string MlDsaSign = "ML-DSA-65 sign (hedged)";
    public const string Ed25519Verify = "Ed25519 verify";
    public const string MlDsaVerify = "ML-DSA-65 verify";
    public const string HpkeSealXWing = "HPKE seal 32 B to X-Wing (encaps)";
    public const string HpkeOpenXWing = "HPKE open 32 B with X-Wing (decaps)";
    public const string ViewKeys = "HKDF view key, nonce, commitment";
    public const string AesEncrypt = "AES-256-GCM encrypt payload";
    public const string AesDecrypt = "AES-256-GCM decrypt payload";
    public const string Sha256Payload = "SHA-256 over payload";

    public Dictionary<string, Action> Actions(int size)
    {
        var signer = world.Agencies[0].Signing;
        var recipient = world.Agencies[1].Encryption;
        var transcript = CompositeSignature.Transcript(Suite.V1Hybrid, "broker/v1/envelope"u8, RandomNumberGenerator.GetBytes(400));
        var ed = signer.SignEd25519(transcript);
        var ml = signer.SignMlDsa65(transcript, "broker/v1/envelope"u8, deterministic: false);
        var info = RandomNumberGenerator.GetBytes(80);
        var cek = RandomNumberGenerator.GetBytes(32);
        Hpke.TrySealBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, recipient.PublicKey.Bytes, info, [], cek, out var enc, out var wrapped);
        var payload = RandomNumberGenerator.GetBytes(size);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var aad = RandomNumberGenerator.GetBytes(60);
        var ciphertext = Aes256Gcm.Seal(key, nonce, payload, aad);

        return new Dictionary<string, Action>
        {
            [Ed25519Sign] = () => signer.SignEd25519(transcript),
            [MlDsaSign] = () => signer.SignMlDsa65(transcript, "broker/v1/envelope"u8, deterministic: false),
            [Ed25519Verify] = () => Ed25519Key.Verify(signer.PublicKey.Ed25519, transcript, ed),
            [MlDsaVerify] = () => MlDsa65Key.Verify(signer.PublicKey.MlDsa65, transcript, "broker/v1/envelope"u8, ml),
            [HpkeSealXWing] = () => Hpke.TrySealBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, recipient.PublicKey.Bytes, info, [], cek, out _, out _),
            [HpkeOpenXWing] = () => Hpke.TryOpenBase(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, recipient.Key, enc, info, [], wrapped, out _),
            [ViewKeys] = () => Envelopes.ViewKeys.Derive(cek).Dispose(),
            [AesEncrypt] = () => Aes256Gcm.Seal(key, nonce, payload, aad),
            [AesDecrypt] = () => Aes256Gcm.TryOpen(key, nonce, ciphertext, aad, out _),
            [Sha256Payload] = () => SHA256.HashData(ciphertext),
        };
    }
}
