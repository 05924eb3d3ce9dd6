using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests;

/// <summary>The demo alerts in deploy/demo/alerts and helpers to derive bad variants from them.</summary>
internal static class Samples
{
    public const string ThOncb = "th-oncb-meth-shipment.json";

    /// <summary>A moment at which every sample alert is current.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static string RepoRoot { get; } = FindRoot();

    public static IEnumerable<string> AlertFiles() =>
        Directory.GetFiles(Path.Combine(RepoRoot, "deploy", "demo", "alerts"), "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(RepoRoot, "deploy", "demo", "alerts", file));

    public static JsonObject Node(string file = ThOncb) => (JsonObject)JsonNode.Parse(Bytes(file))!;

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static AgencyId OriginOf(string file) => AgencyId.Parse(Node(file)["origin"]!["agency"]!.GetValue<string>());

    public static AlertValidator Validator(string origin = "TH-ONCB", DateTimeOffset? now = null) =>
        new(AgencyId.Parse(origin), AlertLimits.Default, new FakeTimeProvider(now ?? Now));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Broker.sln not found above the test assembly.");
    }
}
