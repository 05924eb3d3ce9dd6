using Broker.Policy.Store;
using Broker.Protocol;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Policy.Signing;

/// <summary>
/// Verifies a policy's detached composite signature (purpose <see cref="PolicySignatures.Purpose"/>) against the policy keys the
/// signed trust registry lists for that country. A key must not be revoked and must be inside its validity window at the time
/// given; a retired key still verifies inside its window. Fails closed with a reason naming no key material.
/// </summary>
public sealed class RegistryPolicySignatureVerifier : IPolicySignatureVerifier
{
    private readonly TrustRegistry _registry;

    public RegistryPolicySignatureVerifier(TrustRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    public bool Verify(CountryCode country, ReadOnlySpan<byte> document, ReadOnlySpan<byte> signature, DateTimeOffset at, out string? reason)
    {
        var entry = _registry.Countries.FirstOrDefault(c => c.Country == country);
        if (entry is null || entry.PolicyKeys.Count == 0)
        {
            reason = $"trust registry v{_registry.Version} lists no policy key for {country}";
            return false;
        }

        var usable = entry.PolicyKeys.Where(k => k.Status != KeyStatus.Revoked && k.NotBefore <= at && at <= k.NotAfter).ToArray();
        if (usable.Length == 0)
        {
            reason = $"no policy key of {country} in trust registry v{_registry.Version} is valid at {at:O} (revoked, expired or not yet valid)";
            return false;
        }

        var last = RejectReason.None;
        foreach (var key in usable)
        {
            if (DetachedSignature.Verify(PolicySignatures.Purpose, document, signature, key.Key, out last))
            {
                reason = null;
                return true;
            }

            if (last != RejectReason.SignatureKeyMismatch)
            {
                break;
            }
        }

        reason = last == RejectReason.SignatureKeyMismatch
            ? $"the signature was not made with a current policy key of {country}"
            : $"the signature does not verify ({last})";
        return false;
    }
}
