using Broker.Protocol.Keys;
using Broker.Protocol.Registry;

namespace Broker.Hub.Trust;

/// <summary>The trust registry currently in force (replaced atomically on reload).</summary>
public interface ITrustRegistrySource
{
    TrustRegistry Current { get; }
}

/// <summary>The hub's receipt-signing key and the hub id from the registry.</summary>
public interface IHubSigner
{
    string HubId { get; }

    byte[] Sign(string purpose, ReadOnlySpan<byte> payload);
}

/// <summary>A fixed registry and key, for tests and the benchmark.</summary>
public sealed class StaticTrust(TrustRegistry registry, SigningKeyPair hubKey) : ITrustRegistrySource, IHubSigner
{
    public TrustRegistry Current => registry;

    public string HubId => registry.Hub.Id;

    public byte[] Sign(string purpose, ReadOnlySpan<byte> payload) => DetachedSignature.Sign(purpose, payload, hubKey);
}
