using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Policies;
using Broker.Policy.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests;

/// <summary>
/// Signed policy folders for the gateway tests. The standard set: TH sends everything to RU (an agreement on personal data) and
/// to the rest of ASEAN without personal, financial or source data; every other country sends and accepts everything.
/// </summary>
internal static class TestPolicies
{
    public static JsonObject Obj(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace('\'', '"'))!.AsObject();

    public static JsonObject Open(string country, long version = 1) => Document(
        country,
        version,
        [Obj("{'id':'out-all','effect':'allow','to':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")],
        [Obj("{'id':'in-all','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")]);

    public static JsonObject Thailand(long version = 1) => Document(
        "TH",
        version,
        [
            Obj("{'id':'out-agreement','effect':'allow','to':{'countries':['RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}"),
            Obj("{'id':'out-asean','effect':'allow','to':{'groups':['ASEAN']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret','withhold':['personal','financial','operational.source']}"),
        ],
        [Obj("{'id':'in-all','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")]);

    public static JsonObject Document(string country, long version, IEnumerable<JsonObject> outbound, IEnumerable<JsonObject> inbound) => new()
    {
        ["kind"] = "sharing-policy/v1",
        ["country"] = country,
        ["version"] = version,
        ["effective"] = "2026-01-01T00:00:00Z",
        ["outbound"] = new JsonArray([.. outbound]),
        ["inbound"] = new JsonArray([.. inbound]),
    };

    public static IEnumerable<JsonObject> Standard() =>
        TestNetwork.PolicyCountries.Select(c => c == "TH" ? Thailand() : Open(c));

    /// <summary>A fresh folder with the given documents, each signed by its country's key.</summary>
    public static string Folder(TestNetwork network, IEnumerable<JsonObject>? documents = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gw-pol-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        foreach (var document in documents ?? Standard())
        {
            Write(network, directory, document);
        }

        return directory;
    }

    /// <summary>Writes <c>cc[-vN].policy.json</c> and, unless <paramref name="sign"/> is false, its signature.</summary>
    public static string Write(TestNetwork network, string directory, JsonObject document, bool sign = true, string? fileName = null)
    {
        var country = document["country"]!.GetValue<string>();
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString());
        var path = Path.Combine(directory, fileName ?? $"{country.ToLowerInvariant()}-v{document["version"]}.policy.json");
        File.WriteAllBytes(path, bytes);
        if (sign)
        {
            File.WriteAllBytes(path + PolicySignatures.FileSuffix, PolicySignatures.EncodeFile(PolicySignatures.Sign(bytes, network.PolicyKeys[country])));
        }

        return path;
    }

    public static GatewayPolicies Load(TestNetwork network, string directory, DateTimeOffset? now = null)
    {
        var policies = new GatewayPolicies(network.Registry, directory, new FakeTimeProvider(now ?? Samples.Now), NullLogger.Instance);
        policies.Scan();
        return policies;
    }
}
