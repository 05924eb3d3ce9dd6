namespace Broker.Protocol;

/// <summary>
/// Cipher suites by wire id. Only <see cref="V1Hybrid"/> is accepted: an id on the downgrade list is refused with
/// <see cref="RejectReason.SuiteDowngrade"/>, any other with <see cref="RejectReason.UnsupportedSuite"/>, before any crypto.
/// </summary>
public static class Suite
{
    /// <summary>Ed25519 + ML-DSA-65 composite signature; HPKE base mode (X-Wing 0x647a, HKDF-SHA256, AES-256-GCM) stanzas; AES-256-GCM views.</summary>
    public const int V1Hybrid = 1;

    /// <summary>Reserved and never accepted: a classical-only suite (Ed25519 alone, DHKEM-X25519). Presenting it is a downgrade.</summary>
    public const int ReservedClassicalOnly = 2;

    /// <summary>Checks a suite id against the v1 allow list.</summary>
    public static RejectReason Check(ulong suite) => suite switch
    {
        V1Hybrid => RejectReason.None,
        0 or ReservedClassicalOnly => RejectReason.SuiteDowngrade,
        _ => RejectReason.UnsupportedSuite,
    };
}
