using System.Text;
using System.Text.Json.Nodes;
using Broker.Testing.Policies;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// Signed sharing policies for the gateway tests, signed with the open test policy's key that <see cref="GatewayNetwork"/> lists. The
/// standard set: TH shares everything with RU (an agreement on personal data) and the rest of ASEAN without personal,
/// financial or source data; RU, MY and SG send and accept everything within ASEAN+RU.
/// </summary>
internal static class TestPolicyFiles
{
    private const string OpenOut = """{"id":"out-all","effect":"allow","to":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}""";
    private const string OpenIn = """{"id":"in-all","effect":"allow","from":{"groups":["ASEAN+RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}""";
    private const string ThAgreement = """{"id":"out-agreement","effect":"allow","to":{"countries":["RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}""";
    private const string ThAsean = """{"id":"out-asean","effect":"allow","to":{"groups":["ASEAN"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret","withhold":["personal","financial","operational.source"]}""";

    public static IEnumerable<JsonObject> Standard() => [Thailand(1, withAsean: true), Open("RU"), Open("MY"), Open("SG")];

    /// <summary>TH's policy; without the ASEAN rule only RU is reachable from TH.</summary>
    public static JsonObject Thailand(long version, bool withAsean) =>
        Document("TH", version, withAsean ? [ThAgreement, ThAsean] : [ThAgreement], [OpenIn]);

    public static JsonObject Open(string country) => Document(country, 1, [OpenOut], [OpenIn]);

    public static JsonObject Document(string country, long version, IEnumerable<string> outbound, IEnumerable<string> inbound) => new()
    {
        ["kind"] = "sharing-policy/v1",
        ["country"] = country,
        ["version"] = version,
        ["effective"] = "2026-01-01T00:00:00Z",
        ["outbound"] = new JsonArray([.. outbound.Select(r => JsonNode.Parse(r))]),
        ["inbound"] = new JsonArray([.. inbound.Select(r => JsonNode.Parse(r))]),
    };

    public static void WriteFolder(string directory, IEnumerable<JsonObject> documents)
    {
        Directory.CreateDirectory(directory);
        foreach (var document in documents)
        {
            Write(directory, document);
        }
    }

    /// <summary>Writes <c>cc-vN.policy.json</c> and, when <paramref name="sign"/>, its <c>.sig</c> (signature first, so the watcher sees a complete pair).</summary>
    public static void Write(string directory, JsonObject document, bool sign = true)
    {
        var country = document["country"]!.GetValue<string>();
        OpenPolicies.Write(directory, $"{country.ToLowerInvariant()}-v{document["version"]}.policy.json", Encoding.UTF8.GetBytes(document.ToJsonString()), sign);
    }
}
