using Broker.Gateway.Trust;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Testing.Network;
using Kit = Broker.Testing.Network.TestNetwork;

namespace Broker.Gateway.Tests;

/// <summary>
/// The gateway tests' view of the kit's network: the demo agencies valid a year around <see cref="Samples.Now"/>, one policy key
/// per country (a test signs with another country's key), and key objects of its own, since a <see cref="GatewayKeyring"/>
/// disposes what it is given.
/// </summary>
internal sealed class TestNetwork : IDisposable
{
    public static readonly string[] DemoAgencies = [.. Kit.DemoAgencies];

    /// <summary>Countries whose policy key the registry lists (XX has none, so its policies can never be accepted).</summary>
    public static readonly string[] PolicyCountries = ["TH", "RU", "MY", "SG", "VN", "ID"];

    private readonly Kit _network;

    public TestNetwork(IEnumerable<string>? suspended = null) => _network = new Kit(new NetworkOptions
    {
        Now = Samples.Now,
        Suspended = [.. suspended ?? []],
        PolicyKeyPerCountry = true,
        OwnKeys = true,
    });

    public SigningKeyPair Anchor => _network.Anchor;

    public SigningKeyPair Hub => _network.HubKey;

    public IReadOnlyDictionary<string, AgencyKeys> Keys => _network.Keys;

    /// <summary>Each country's policy signing key, as listed in the registry.</summary>
    public IReadOnlyDictionary<string, SigningKeyPair> PolicyKeys => _network.PolicyKeys;

    public byte[] SignedRegistry => _network.SignedRegistry;

    public TrustRegistry Registry => _network.Registry;

    /// <summary>A keyring for one agency; it shares the key objects, so dispose the network, not the keyring.</summary>
    public GatewayKeyring Keyring(string agency) => new(Keys[agency], Registry);

    public void Dispose() => _network.Dispose();
}
