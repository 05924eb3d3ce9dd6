using System.Security.Cryptography;
using Broker.Testing.Network;
using Broker.Testing.Policies;

namespace Broker.Web.Tests.Browser.Stack;

/// <summary>
/// The kit's <see cref="TestNetwork"/> for the given members, deployed to a temporary folder: passphrase-protected agency key
/// files, the signed trust registry, its anchor, the hub's key, and the open test policy (<see cref="OpenPolicies"/>) of each
/// member country (the web tests are not about rules).
/// </summary>
internal sealed class KeySet : IDisposable
{
    private readonly NetworkFiles _files;

    private KeySet(NetworkFiles files) => _files = files;

    public string Directory => _files.Directory;

    public string RegistryPath => _files.RegistryPath;

    public string AnchorPath => _files.AnchorPath;

    public string HubKeyPath => _files.HubKeyPath;

    public static string Passphrase(string agency) => $"web test passphrase for {agency}";

    /// <summary>Signed policies under which the members share everything with each other.</summary>
    public string PolicyDirectory => Path.Combine(Directory, "policies");

    public string KeyFilePath(string agency) => _files.KeyFilePath(agency);

    public static KeySet Create(IEnumerable<string> members)
    {
        var network = new TestNetwork(new NetworkOptions
        {
            Agencies = [.. members],
            ValidBefore = TimeSpan.FromDays(1),
            IssuedBefore = TimeSpan.FromMinutes(5),
        });
        var set = new KeySet(network.WriteFiles(
            Path.Combine(Path.GetTempPath(), $"web-net-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"), Passphrase));
        OpenPolicies.WriteFolder(set.PolicyDirectory, network.Countries);
        return set;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
