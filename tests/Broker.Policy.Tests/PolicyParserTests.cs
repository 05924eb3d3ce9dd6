using System.Text;
using System.Text.Json.Nodes;
using Broker.Policy.Loading;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

public class PolicyParserTests
{
    [Test]
    public void TryParse_EverySamplePolicy_IsValidAndIllustrative()
    {
        Assert.That(RepositoryFiles.SamplePolicyFiles, Has.Count.EqualTo(11));
        foreach (var file in RepositoryFiles.SamplePolicyFiles)
        {
            var ok = PolicyParser.TryParse(Path.GetFileName(file), File.ReadAllBytes(file), out var policy, out var result);
            Assert.That(ok, Is.True, result.Error);
            Assert.That(policy!.Illustrative, Is.True, file);
            Assert.That(Path.GetFileName(file), Is.EqualTo(policy.Country.Value.ToLowerInvariant() + ".policy.json"));
        }
    }

    [Test]
    public void TryParse_RulesWrittenOutOfOrder_AreHeldSortedById()
    {
        var doc = Open("TH");
        doc["outbound"]!.AsArray().Add(Obj("{'id':'a-first','effect':'deny','to':{'countries':['RU']},'categories':['*']}"));

        var policy = Parse(doc);

        Assert.That(string.Join(",", policy.Outbound.Select(r => r.Id)), Is.EqualTo("a-first,out-all"));
    }

    [Test]
    public void TryParse_Valid_RecordsDigestOfExactBytes()
    {
        var bytes = Bytes(Open("TH"));

        Assert.That(PolicyParser.TryParse("th", bytes, out var policy, out _), Is.True);
        Assert.That(policy!.Digest, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
    }

    // Each case: a mutation of a valid document, the JSON path the error must name, and a fragment of the reason.
    private static IEnumerable<TestCaseData> InvalidDocuments()
    {
        yield return Case("unknown top-level member", d => d["colour"] = "blue", "$.colour", "colour");
        yield return Case("unknown kind", d => d["kind"] = "sharing-policy/v2", "$.kind", "");
        yield return Case("unknown rule effect", d => Rule(d)["effect"] = "maybe", "$.outbound[0].effect", "");
        yield return Case("unknown TLP", d => Rule(d)["maxTlp"] = "PURPLE", "$.outbound[0].maxTlp", "");
        yield return Case("unknown category", d => Rule(d)["categories"] = new JsonArray("drug-smuggling"), "$.outbound[0].categories[0]", "");
        yield return Case("unknown authority", d => Rule(d)["to"]!["authorities"] = new JsonArray("army"), "$.outbound[0].to.authorities[0]", "");
        yield return Case("unknown handling code", d => Rule(d)["requireHandling"] = new JsonArray("H9"), "$.outbound[0].requireHandling[0]", "");
        yield return Case("unknown rule member", d => Rule(d)["priority"] = "high", "$.outbound[0].priority", "priority");
        yield return Case("allow rule without maxTlp", d => Rule(d).Remove("maxTlp"), "$.outbound[0]", "maxTlp");
        yield return Case("deny rule with maxTlp", d => Rule(d)["effect"] = "deny", "$.outbound[0].maxTlp", "");
        yield return Case("version zero", d => d["version"] = 0, "$.version", "");
        yield return Case("effective not a date-time", d => d["effective"] = "next monday", "$.effective", "");
        yield return Case("peer without countries, groups or agencies", d => Rule(d)["to"] = Obj("{'authorities':['police']}"), "$.outbound[0].to", "");
        yield return Case("lower-case country", d => d["country"] = "th", "$.country", "");
        yield return Case("undefined group", d => Rule(d)["to"] = Obj("{'groups':['FRIENDS']}"), "$.outbound[0].to.groups[0]", "FRIENDS");
        yield return Case("built-in group redefined", d => d["groups"] = Obj("{'ASEAN':['TH']}"), "$.groups['ASEAN']", "built-in");
        yield return Case("star mixed with categories", d => Rule(d)["categories"] = new JsonArray("*", "precursors"), "$.outbound[0].categories", "'*'");
        yield return Case("local agency of another country", d => Rule(d)["from"] = Obj("{'agencies':['RU-MVD']}"), "$.outbound[0].from.agencies[0]", "not an agency of TH");
        yield return Case("duplicate rule id", d => d["inbound"]![0]!["id"] = "out-all", "$.inbound[0].id", "already used at $.outbound[0].id");
    }

    [TestCaseSource(nameof(InvalidDocuments))]
    public void TryParse_InvalidDocument_NamesSourcePathAndReason(Action<JsonObject> mutate, string path, string reason)
    {
        var doc = Open("TH");
        mutate(doc);

        var ok = PolicyParser.TryParse("th.policy.json", Bytes(doc), out var policy, out var result);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(policy, Is.Null);
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Errors, Has.Some.Matches<PolicyError>(e => e.Source == "th.policy.json" && e.Path == path && e.Reason.Contains(reason, StringComparison.Ordinal)),
                string.Join("\n", result.Errors));
            Assert.That(result.Error, Does.StartWith("th.policy.json: "));
            TestContext.Out.WriteLine(string.Join("\n", result.Errors));
        }
    }

    [Test]
    public void TryParse_MalformedJson_ReportsLine()
    {
        var ok = PolicyParser.TryParse("x.policy.json", Encoding.UTF8.GetBytes("{\n  \"kind\": ,\n}"), out _, out var result);

        Assert.That(ok, Is.False);
        Assert.That(result.Error, Does.StartWith("x.policy.json: $: not valid JSON (line 2"));
    }

    [Test]
    public void TryParse_OverTheSizeCap_RefusedBeforeParsing()
    {
        var bytes = new byte[PolicyParser.MaxDocumentBytes + 1];

        var ok = PolicyParser.TryParse("big.policy.json", bytes, out _, out var result);

        Assert.That(ok, Is.False);
        Assert.That(result.Error, Does.Contain("the limit is"));
    }

    [Test]
    public void TryParse_SuppliedAsAnotherCountry_Refused()
    {
        var ok = PolicyParser.TryParse("ru.policy.json", Bytes(Open("TH")), out _, out var result, new CountryCode("RU"));

        Assert.That(ok, Is.False);
        Assert.That(result.Errors.Single().Path, Is.EqualTo("$.country"));
    }

    [Test]
    public void TryParse_CustomGroup_ExpandsToItsMembers()
    {
        var doc = Open("TH");
        doc["groups"] = Obj("{'PD-AGREEMENT':['RU','LA']}");
        Rule(doc)["to"] = Obj("{'groups':['PD-AGREEMENT']}");

        var rule = Parse(doc).Outbound.Single();

        Assert.That(string.Join(",", rule.Peer.Countries.Select(c => c.Value).Order(StringComparer.Ordinal)), Is.EqualTo("LA,RU"));
    }

    [Test]
    public void TryParse_DeeplyNested_RefusedAsInvalidJson()
    {
        var nested = new string('[', 100) + new string(']', 100);

        var ok = PolicyParser.TryParse("deep.json", Encoding.UTF8.GetBytes(nested), out _, out var result);

        Assert.That(ok, Is.False);
        Assert.That(result.Error, Does.Contain("not valid JSON"));
    }

    private static JsonObject Rule(JsonObject doc) => doc["outbound"]![0]!.AsObject();

    private static TestCaseData Case(string name, Action<JsonObject> mutate, string path, string reason) =>
        new TestCaseData(mutate, path, reason).SetArgDisplayNames(name);
}
