namespace Broker.Policy.Store;

/// <summary>
/// Checks that a policy document was signed by its own country's policy key (from the trust registry), so the hub operator cannot
/// change a country's policy. Implementations fail closed: an unknown country, a missing, retired or revoked key, or any
/// verification error returns false with a reason that contains no key or signature bytes.
/// </summary>
public interface IPolicySignatureVerifier
{
    bool Verify(CountryCode country, ReadOnlySpan<byte> document, ReadOnlySpan<byte> signature, DateTimeOffset at, out string? reason);
}
