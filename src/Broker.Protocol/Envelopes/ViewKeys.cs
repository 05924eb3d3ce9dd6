using System.Security.Cryptography;
using Broker.Protocol.Crypto;

namespace Broker.Protocol.Envelopes;

/// <summary>
/// What a view's 32-byte content key (CEK) expands to (envelope-v1.md §7): PRK = HKDF-Extract("broker/v1/cek", CEK), then the
/// AES-256-GCM key, the 12-byte nonce and the 32-byte key commitment by HKDF-Expand with distinct labels. The CEK is single use,
/// so a derived nonce never repeats under its key; the commitment is signed in the header and checked before decryption.
/// </summary>
internal sealed class ViewKeys : IDisposable
{
    public const int CekLength = 32;

    private ViewKeys(byte[] key, byte[] nonce, byte[] commitment)
    {
        Key = key;
        Nonce = nonce;
        Commitment = commitment;
    }

    public byte[] Key { get; }

    public byte[] Nonce { get; }

    public byte[] Commitment { get; }

    public static ViewKeys Derive(ReadOnlySpan<byte> cek)
    {
        var prk = HkdfSha256.Extract("broker/v1/cek"u8, cek);
        try
        {
            return new ViewKeys(
                HkdfSha256.Expand(prk, "broker/v1/view-key"u8, 32),
                HkdfSha256.Expand(prk, "broker/v1/view-nonce"u8, 12),
                HkdfSha256.Expand(prk, "broker/v1/key-commitment"u8, 32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Key);
        CryptographicOperations.ZeroMemory(Nonce);
    }
}
