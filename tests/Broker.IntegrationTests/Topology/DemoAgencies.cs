using System.Text.Json.Nodes;
using Broker.Testing;

namespace Broker.IntegrationTests.Topology;

/// <summary>The agency ids of deploy/demo/agencies.json, from which the node's definitions are generated.</summary>
internal static class DemoAgencies
{
    public static IReadOnlyList<string> Ids { get; } = Load();

    private static string[] Load()
    {
        var path = Path.Combine(RepositoryRoot.Path, "deploy", "demo", "agencies.json");
        var document = JsonNode.Parse(File.ReadAllText(path));
        return [.. document!["agencies"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())];
    }
}
