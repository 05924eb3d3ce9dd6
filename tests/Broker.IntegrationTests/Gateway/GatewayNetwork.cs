using System.Security.Cryptography;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Testing.Policies;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// The kit's <see cref="TestNetwork"/> for the four member agencies, deployed to a temporary directory as an operator would:
/// passphrase-protected key files, the signed trust registry, its anchor and the hub's key, and the standard signed policies.
/// The private keys stay available to the test to open envelopes.
/// </summary>
internal sealed class GatewayNetwork : IDisposable
{
    public static readonly string[] Members = ["TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB"];

    private readonly TestNetwork _network;
    private readonly NetworkFiles _files;

    private GatewayNetwork(TestNetwork network, NetworkFiles files)
    {
        _network = network;
        _files = files;
    }

    public string Directory => _files.Directory;

    public SigningKeyPair Anchor => _network.Anchor;

    public SigningKeyPair Hub => _network.HubKey;

    public IReadOnlyDictionary<string, AgencyKeys> Keys => _network.Keys;

    public TrustRegistry Registry => _network.Registry;

    /// <summary>The member countries; each lists the open test policy's key (<see cref="OpenPolicies.Key"/>) in the registry.</summary>
    public static IReadOnlyList<string> Countries => Members.Select(a => a[..2]).Distinct().ToList();

    /// <summary>The standard signed policies (<see cref="TestPolicyFiles.Standard"/>) every gateway reads unless a test gives its own folder.</summary>
    public string PolicyDirectory => Path.Combine(Directory, "policies");

    public string RegistryPath => _files.RegistryPath;

    public string AnchorPath => _files.AnchorPath;

    public string HubKeyPath => _files.HubKeyPath;

    public static string Passphrase(string agency) => $"integration passphrase for {agency}";

    public string KeyFilePath(string agency) => _files.KeyFilePath(agency);

    public static GatewayNetwork Create()
    {
        var network = new TestNetwork(new NetworkOptions
        {
            Agencies = Members,
            ValidBefore = TimeSpan.FromDays(1),
            IssuedBefore = TimeSpan.FromMinutes(5),
        });
        var directory = Path.Combine(Path.GetTempPath(), $"gw-net-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var gatewayNetwork = new GatewayNetwork(network, network.WriteFiles(directory, Passphrase));
        TestPolicyFiles.WriteFolder(gatewayNetwork.PolicyDirectory, TestPolicyFiles.Standard());
        return gatewayNetwork;
    }

    /// <summary>Deletes the files; the keys are the kit's shared ones.</summary>
    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
