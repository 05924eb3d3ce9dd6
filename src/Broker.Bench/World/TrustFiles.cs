namespace Broker.Bench.World;

/// <summary>
/// Where <see cref="BenchWorld.WriteTrustFiles"/> puts a world in a scratch directory, under the names the hub's and the
/// gateways' configuration point at: the signed registry, its anchor, the hub's seed, the policies and agency key files.
/// </summary>
internal sealed record TrustFiles(string Directory)
{
    public string Registry => Path.Combine(Directory, "registry.cbor");

    public string Anchor => Path.Combine(Directory, "anchor.pub");

    public string HubSeed => Path.Combine(Directory, "hub.seed");

    /// <summary>One signed <c>*.policy.json</c> per country (<see cref="BenchPolicies"/>).</summary>
    public string Policies => Path.Combine(Directory, "policies");

    public string KeyFile(string agency) => Path.Combine(Directory, agency + ".keys");

    /// <summary>Not a secret worth the name: the keys are thrown away with the scratch directory.</summary>
    public static string Passphrase(string agency) => "broker-bench " + agency;
}
