using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Broker.Protocol.Crypto;

/// <summary>
/// An RFC 9180 encryption context (§5.2, §5.3): the AEAD key, base nonce, sequence number and exporter secret.
/// Each successful Seal/Open advances the sequence number; a failed Open leaves it unchanged.
/// Export-only contexts refuse Seal/Open.
/// </summary>
internal sealed class HpkeContext : IDisposable
{
    private readonly HpkeAeadId _aead;
    private readonly byte[] _suiteId;
    private readonly byte[] _key;
    private readonly byte[] _baseNonce;
    private readonly byte[] _exporterSecret;
    private bool _disposed;

    internal HpkeContext(HpkeAeadId aead, byte[] suiteId, byte[] key, byte[] baseNonce, byte[] exporterSecret)
    {
        _aead = aead;
        _suiteId = suiteId;
        _key = key;
        _baseNonce = baseNonce;
        _exporterSecret = exporterSecret;
    }

    internal ulong Sequence { get; private set; }

    internal ReadOnlySpan<byte> Key => _key;

    internal ReadOnlySpan<byte> BaseNonce => _baseNonce;

    internal ReadOnlySpan<byte> ExporterSecret => _exporterSecret;

    public byte[] Seal(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        EnsureCanEncrypt();
        Span<byte> nonce = stackalloc byte[AesGcmAead.NonceSize];
        ComputeNonce(nonce);
        var ciphertext = AesGcmAead.Seal(_key, nonce, plaintext, aad);
        IncrementSequence();
        return ciphertext;
    }

    public bool TryOpen(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, out byte[]? plaintext)
    {
        plaintext = null;
        if (_disposed || _aead == HpkeAeadId.ExportOnly || Sequence == ulong.MaxValue)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[AesGcmAead.NonceSize];
        ComputeNonce(nonce);
        if (!AesGcmAead.TryOpen(_key, nonce, ciphertext, aad, out plaintext))
        {
            return false;
        }

        IncrementSequence();
        return true;
    }

    /// <summary>RFC 9180 §5.3 secret export: LabeledExpand(exporter_secret, "sec", exporter_context, L).</summary>
    public byte[] Export(ReadOnlySpan<byte> exporterContext, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length is < 0 or > 255 * HkdfSha256.HashSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "An HPKE export is at most 8160 bytes with HKDF-SHA256.");
        }

        return HpkeLabels.LabeledExpand(_suiteId, _exporterSecret, "sec"u8, exporterContext, length);
    }

    private void EnsureCanEncrypt()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_aead == HpkeAeadId.ExportOnly)
        {
            throw new InvalidOperationException("An export-only HPKE context cannot encrypt.");
        }

        if (Sequence == ulong.MaxValue)
        {
            throw new InvalidOperationException("The HPKE sequence number is exhausted.");
        }
    }

    /// <summary>The nonce for the current sequence number: base_nonce XOR I2OSP(seq, Nn); seq fits in the low 8 bytes.</summary>
    internal void ComputeNonce(Span<byte> nonce)
    {
        _baseNonce.CopyTo(nonce);
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seq, Sequence);
        var tail = nonce[^8..];
        for (var i = 0; i < 8; i++)
        {
            tail[i] ^= seq[i];
        }
    }

    private void IncrementSequence() => Sequence++;

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_key);
            CryptographicOperations.ZeroMemory(_baseNonce);
            CryptographicOperations.ZeroMemory(_exporterSecret);
        }
    }
}
