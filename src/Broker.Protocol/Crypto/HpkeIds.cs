namespace Broker.Protocol.Crypto;

/// <summary>HPKE KEM identifiers (RFC 9180 §7.1; 0x647a is MLKEM768-X25519, i.e. X-Wing, from draft-ietf-hpke-pq).</summary>
internal enum HpkeKemId : ushort
{
    DhKemX25519HkdfSha256 = 0x0020,
    XWing = 0x647a,
}

/// <summary>HPKE AEAD identifiers (RFC 9180 §7.3).</summary>
internal enum HpkeAeadId : ushort
{
    Aes128Gcm = 0x0001,
    Aes256Gcm = 0x0002,
    ExportOnly = 0xFFFF,
}

/// <summary>HPKE modes (RFC 9180 §5).</summary>
internal enum HpkeMode : byte
{
    Base = 0x00,
    Psk = 0x01,
    Auth = 0x02,
    AuthPsk = 0x03,
}
