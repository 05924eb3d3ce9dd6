using Broker.Hosting.Policies;
using Broker.Policy.Evaluation;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Registry;

namespace Broker.Gateway.Policies;

/// <summary>
/// The sharing policies in force in this gateway and the agencies they are evaluated for: the signed policy folder
/// (<see cref="PolicyFolder"/>, shared with the hub), verified against the country policy keys of the gateway's trust registry, and
/// that registry's agency directory. A refused document is logged loudly and the last good set stays.
/// </summary>
internal sealed class GatewayPolicies : IDisposable
{
    public GatewayPolicies(TrustRegistry registry, PolicyFolderOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Folder = new PolicyFolder(options, new RegistryPolicySignatureVerifier(registry), timeProvider, logger);
        Agencies = RegistryDirectory.From(registry);
    }

    public GatewayPolicies(TrustRegistry registry, string directory, TimeProvider timeProvider, ILogger logger)
        : this(registry, new PolicyFolderOptions { Directory = directory }, timeProvider, logger)
    {
    }

    /// <summary>The folder, watched while the gateway runs (<see cref="PolicyWatcher"/>).</summary>
    public PolicyFolder Folder { get; }

    /// <summary>The snapshot to evaluate one alert against.</summary>
    public PolicySet Current => Folder.Current;

    /// <summary>The agencies of the trust registry, with authority type and status.</summary>
    public IAgencyDirectory Agencies { get; }

    public string Directory => Folder.Directory;

    /// <summary>Offers every new or changed document in the folder; returns the outcome of each offer.</summary>
    public IReadOnlyList<PolicyUpdateResult> Scan() => Folder.Scan();

    public void Dispose() => Folder.Dispose();
}
