using System.Security.Cryptography;

namespace Broker.Protocol.Crypto;

internal static partial class Hpke
{
    private const int HashSize = HkdfSha256.HashSize;

    /// <summary>RFC 9180 §5.1 VerifyPSKInputs: psk and psk_id come together, and only in the psk modes.</summary>
    internal static bool PskInputsAreValid(HpkeMode mode, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId)
    {
        var gotPsk = !psk.IsEmpty;
        if (gotPsk != !pskId.IsEmpty)
        {
            return false;
        }

        return mode switch
        {
            HpkeMode.Base or HpkeMode.Auth => !gotPsk,
            HpkeMode.Psk or HpkeMode.AuthPsk => gotPsk,
            _ => false,
        };
    }

    internal static bool IsSupported(HpkeAeadId aead) => aead is HpkeAeadId.Aes128Gcm or HpkeAeadId.Aes256Gcm or HpkeAeadId.ExportOnly;

    internal static bool IsSupported(HpkeKemId kem) => kem is HpkeKemId.DhKemX25519HkdfSha256 or HpkeKemId.XWing;

    /// <summary>RFC 9180 §5.1 KeySchedule; the caller has checked the mode, the ids and the PSK inputs.</summary>
    internal static HpkeContext KeySchedule(HpkeKemId kem, HpkeAeadId aead, HpkeMode mode, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> info, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId)
    {
        var suiteId = HpkeLabels.HpkeSuiteId(kem, aead);
        var pskIdHash = HpkeLabels.LabeledExtract(suiteId, [], "psk_id_hash"u8, pskId);
        var infoHash = HpkeLabels.LabeledExtract(suiteId, [], "info_hash"u8, info);
        byte[] context = [(byte)mode, .. pskIdHash, .. infoHash];
        var secret = HpkeLabels.LabeledExtract(suiteId, sharedSecret, "secret"u8, psk);
        try
        {
            var (keySize, nonceSize) = aead switch
            {
                HpkeAeadId.Aes128Gcm => (16, AesGcmAead.NonceSize),
                HpkeAeadId.Aes256Gcm => (32, AesGcmAead.NonceSize),
                HpkeAeadId.ExportOnly => (0, 0),
                _ => throw new ArgumentOutOfRangeException(nameof(aead), "Unsupported HPKE AEAD."),
            };
            var key = HpkeLabels.LabeledExpand(suiteId, secret, "key"u8, context, keySize);
            var baseNonce = HpkeLabels.LabeledExpand(suiteId, secret, "base_nonce"u8, context, nonceSize);
            var exporterSecret = HpkeLabels.LabeledExpand(suiteId, secret, "exp"u8, context, HashSize);
            return new HpkeContext(aead, suiteId, key, baseNonce, exporterSecret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The key_schedule_context bytes (mode ‖ psk_id_hash ‖ info_hash), for conformance vectors.</summary>
    internal static byte[] KeyScheduleContext(HpkeKemId kem, HpkeAeadId aead, HpkeMode mode, ReadOnlySpan<byte> info, ReadOnlySpan<byte> pskId)
    {
        var suiteId = HpkeLabels.HpkeSuiteId(kem, aead);
        return [(byte)mode, .. HpkeLabels.LabeledExtract(suiteId, [], "psk_id_hash"u8, pskId), .. HpkeLabels.LabeledExtract(suiteId, [], "info_hash"u8, info)];
    }
}
