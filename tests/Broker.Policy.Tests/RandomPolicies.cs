using System.Text.Json.Nodes;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;

namespace Broker.Policy.Tests;

/// <summary>Seeded generator of random but valid policies and consistent alerts for the property tests.</summary>
internal sealed class RandomPolicies(int seed)
{
    public static readonly string[] Countries = ["TH", "RU", "MY", "SG"];
    private static readonly string[] Groups = ["ASEAN", "ASEAN+RU"];
    private static readonly string[] Authorities = ["police", "drug-control", "customs", "financial-intelligence", "court"];
    private static readonly string[] Categories = ["drug-trafficking", "precursors", "money-laundering", "corruption"];
    private static readonly string[] Tlps = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];
    private static readonly string[] Classifications = ["unclassified", "restricted", "confidential", "secret"];
    private static readonly string[] Withholds = ["personal", "personal.identity", "financial.account", "operational.source", "*"];
    private static readonly string[] Handling = ["H0", "H1", "H2", "H3"];

    // Test data only: the banned-API rule for System.Random applies to src/.
    private readonly Random _rng = new(seed);

    public Random Rng => _rng;

    public JsonObject[] PolicyDocuments() => Countries.Select(c => Policy(c)).ToArray();

    public JsonObject Policy(string country)
    {
        var outbound = Enumerable.Range(0, _rng.Next(0, 5)).Select(i => Rule($"o{i}", "to", "from", country)).ToArray();
        var inbound = Enumerable.Range(0, _rng.Next(0, 5)).Select(i => Rule($"i{i}", "from", "to", country)).ToArray();
        return TestPolicies.Document(country, 1, "2026-01-01T00:00:00Z", outbound, inbound);
    }

    public JsonObject Rule(string id, string peerName, string localName, string country, bool? deny = null)
    {
        var isDeny = deny ?? _rng.NextDouble() < 0.15;
        var rule = new JsonObject { ["id"] = id, ["effect"] = isDeny ? "deny" : "allow" };
        var peer = new JsonObject();
        switch (_rng.Next(3))
        {
            case 0: peer["countries"] = Array(Subset(Countries, 1)); break;
            case 1: peer["groups"] = Array(Subset(Groups, 1)); break;
            default: peer["agencies"] = Array(Subset(TestPolicies.Agencies.Agencies.Select(a => a.Id.Value).ToArray(), 1)); break;
        }

        if (_rng.NextDouble() < 0.4)
        {
            peer["authorities"] = Array(Subset(Authorities, 1));
        }

        rule[peerName] = peer;
        if (_rng.NextDouble() < 0.3)
        {
            rule[localName] = new JsonObject { ["authorities"] = Array(Subset(Authorities, 1)) };
        }

        rule["categories"] = _rng.NextDouble() < 0.4 ? new JsonArray("*") : Array(Subset(Categories, 1));
        if (!isDeny)
        {
            rule["maxTlp"] = Pick(Tlps);
            rule["maxClassification"] = Pick(Classifications);
            if (_rng.NextDouble() < 0.4)
            {
                rule["withhold"] = Array(Subset(Withholds, 1));
            }

            if (_rng.NextDouble() < 0.3)
            {
                rule["requireHandling"] = Array(Subset(Handling, 1));
            }
        }

        return rule;
    }

    /// <summary>An alert whose markings are consistent (not refused as a whole) most of the time.</summary>
    public AlertFacts Alert()
    {
        var active = TestPolicies.Agencies.Agencies.Where(a => a.State == AgencyState.Active).ToArray();
        var origin = active[_rng.Next(active.Length)].Id;
        var tlp = (Tlp)_rng.Next(5);
        var classification = tlp == Tlp.Clear ? Classification.Unclassified : (Classification)_rng.Next(4);
        var form = tlp == Tlp.Red ? 0 : _rng.Next(tlp >= Tlp.AmberStrict ? 2 : 3);
        var agencies = TestPolicies.Agencies.Agencies.Select(a => a.Id).Where(a => a != origin).ToArray();
        var classes = DataClass.Known.ToArray();
        return new AlertFacts
        {
            Origin = origin,
            Category = (Category)(_rng.Next(9) + 1),
            Tlp = tlp,
            Classification = classification,
            Handling = (HandlingCodes)_rng.Next(16),
            Broadcast = form == 2,
            AddressedAgencies = form == 0 ? Subset(agencies, 1) : [],
            AddressedCountries = form == 1 ? Subset(Countries, 1).Select(c => new CountryCode(c)).ToArray() : [],
            Expires = TestPolicies.Now.AddDays(1),
            Views = Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => new AlertView(Subset(classes, 0).Take(3).ToArray())).ToArray(),
        };
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    public T[] Subset<T>(IReadOnlyList<T> items, int min)
    {
        var chosen = items.Where(_ => _rng.NextDouble() < 0.4).ToArray();
        return chosen.Length >= min ? chosen : items.OrderBy(_ => _rng.Next()).Take(min).ToArray();
    }

    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
}
