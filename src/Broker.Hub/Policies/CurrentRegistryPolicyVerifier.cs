using Broker.Hub.Trust;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Policies;

/// <summary>
/// Verifies a policy signature against whatever trust registry is in force when the document is offered: the hub reloads its
/// registry while running, so a country's new policy key counts from the registry version that lists it.
/// </summary>
internal sealed class CurrentRegistryPolicyVerifier(ITrustRegistrySource trust) : IPolicySignatureVerifier
{
    public bool Verify(CountryCode country, ReadOnlySpan<byte> document, ReadOnlySpan<byte> signature, DateTimeOffset at, out string? reason) =>
        new RegistryPolicySignatureVerifier(trust.Current).Verify(country, document, signature, at, out reason);
}
