using System.Text.Json.Nodes;
using Broker.Policy.Evaluation;
using static Broker.Policy.Tests.TestPolicies;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

namespace Broker.Policy.Tests;

/// <summary>Invariants over random policies and alerts; FsCheck supplies the seeds so a failure is reproducible.</summary>
public class PolicyEvaluatorPropertyTests
{
    private static readonly string[] WithholdChoices = ["personal", "financial", "operational.general", "*"];
    private static readonly string[] HandlingChoices = ["H0", "H1", "H2", "H3"];

    [FsCheckProperty(MaxTest = 200)]
    public bool Evaluate_NoAllowRules_NothingIsDelivered(int seed)
    {
        var random = new RandomPolicies(seed);
        var documents = RandomPolicies.Countries.Select(c => Document(c, 1, "2026-01-01T00:00:00Z",
            Enumerable.Range(0, random.Rng.Next(3)).Select(i => random.Rule($"o{i}", "to", "from", c, deny: true)),
            Enumerable.Range(0, random.Rng.Next(3)).Select(i => random.Rule($"i{i}", "from", "to", c, deny: true)))).ToArray();

        var evaluation = PolicyEvaluator.Evaluate(random.Alert(), Agencies, Set(documents), Now);

        return evaluation.Decisions.All(d => d.Outcome == DecisionOutcome.Deny);
    }

    [FsCheckProperty(MaxTest = 200)]
    public bool Evaluate_CountryWithoutPolicy_NeverSendsOrReceives(int seed)
    {
        var random = new RandomPolicies(seed);
        var documents = random.PolicyDocuments().Where(d => (string?)d["country"] != "MY").ToArray();

        var evaluation = PolicyEvaluator.Evaluate(random.Alert(), Agencies, Set(documents), Now);

        return evaluation.Decisions.Where(d => d.IsAllowed).All(d => d.Recipient.Country.Value != "MY")
            && (evaluation.Decisions.All(d => !d.IsAllowed) || !evaluation.Decisions.Any(d => d.IsAllowed && d.PoliciesUsed.Any(p => p.Country.Value == "MY")));
    }

    [FsCheckProperty(MaxTest = 300)]
    public bool Evaluate_AddingARestriction_NeverPermitsMore(int seed)
    {
        var random = new RandomPolicies(seed);
        var documents = random.PolicyDocuments();
        var alert = random.Alert();
        var before = PolicyEvaluator.Evaluate(alert, Agencies, Set(documents), Now);

        Restrict(random, random.Pick(documents));
        var after = PolicyEvaluator.Evaluate(alert, Agencies, Set(documents), Now);

        return after.Decisions.Zip(before.Decisions).All(pair =>
            !pair.First.IsAllowed || (pair.Second.IsAllowed && pair.First.PermittedViews.All(pair.Second.PermittedViews.Contains)));
    }

    [FsCheckProperty(MaxTest = 200)]
    public bool Evaluate_RuleOrderShuffled_SameDecisions(int seed)
    {
        var random = new RandomPolicies(seed);
        var documents = random.PolicyDocuments();
        var alert = random.Alert();
        var before = PolicyEvaluator.Evaluate(alert, Agencies, Set(documents), Now);

        foreach (var doc in documents)
        {
            Shuffle(random, doc, "outbound");
            Shuffle(random, doc, "inbound");
        }

        var after = PolicyEvaluator.Evaluate(alert, Agencies, Set(documents), Now);

        return after.Decisions.Zip(before.Decisions).All(p => Fingerprint(p.First) == Fingerprint(p.Second));
    }

    [FsCheckProperty(MaxTest = 200)]
    public bool Evaluate_EveryDecision_IsExplained(int seed)
    {
        var random = new RandomPolicies(seed);
        var evaluation = PolicyEvaluator.Evaluate(random.Alert(), Agencies, Set(random.PolicyDocuments()), Now);

        return evaluation.Decisions.All(d => d.Explanation.Count > 0
            && (d.Outcome == DecisionOutcome.Deny ? d.Reason != DenyReason.None : d.Reason == DenyReason.None)
            && (d.Outcome == DecisionOutcome.Deny || (d.DecidingRules.Count == 2 && d.PoliciesUsed.Count > 0))
            && (d.Reason != DenyReason.DeniedByRule || d.DecidingRules.Count == 1));
    }

    [Test]
    public void RandomPolicies_OverManySeeds_ProduceEveryOutcome()
    {
        // Guards the properties above against vacuity: the generator must yield allows, withholds and denies.
        var outcomes = Enumerable.Range(0, 300).SelectMany(seed =>
        {
            var random = new RandomPolicies(seed);
            return PolicyEvaluator.Evaluate(random.Alert(), Agencies, Set(random.PolicyDocuments()), Now).Decisions.Select(d => d.Outcome);
        }).ToHashSet();

        Assert.That(outcomes, Is.EquivalentTo(Enum.GetValues<DecisionOutcome>()));
    }

    private static string Fingerprint(RecipientDecision d) =>
        $"{d.Recipient}|{d.Outcome}|{d.Reason}|{d.ViewIndex}|{string.Join(",", d.PermittedViews)}|{string.Join(",", d.WithheldClasses)}|{string.Join(",", d.DecidingRules)}";

    private static void Shuffle(RandomPolicies random, JsonObject doc, string section)
    {
        var rules = doc[section]!.AsArray().Select(r => r!.DeepClone()).OrderBy(_ => random.Rng.Next()).ToArray();
        doc[section] = new JsonArray(rules);
    }

    // One random tightening: a new deny rule, a lower maximum, a new withheld class, a required handling code, a category fewer, or an allow rule removed.
    private static void Restrict(RandomPolicies random, JsonObject doc)
    {
        var country = (string)doc["country"]!;
        var section = random.Rng.Next(2) == 0 ? "outbound" : "inbound";
        var rules = doc[section]!.AsArray();
        var allow = rules.Select(r => r!.AsObject()).Where(r => (string?)r["effect"] == "allow").ToArray();
        var kind = allow.Length == 0 ? 0 : random.Rng.Next(7);
        if (kind == 0)
        {
            rules.Add(section == "outbound" ? random.Rule("zz-deny", "to", "from", country, deny: true) : random.Rule("zz-deny", "from", "to", country, deny: true));
            return;
        }

        var rule = random.Pick(allow);
        switch (kind)
        {
            case 1: rule["maxTlp"] = LowerOf((string)rule["maxTlp"]!, ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"], random); break;
            case 2: rule["maxClassification"] = LowerOf((string)rule["maxClassification"]!, ["unclassified", "restricted", "confidential", "secret"], random); break;
            case 3: Append(rule, "withhold", random.Pick(WithholdChoices)); break;
            case 4: Append(rule, "requireHandling", random.Pick(HandlingChoices)); break;
            case 5:
                var categories = rule["categories"]!.AsArray();
                if (categories.Count > 1)
                {
                    categories.RemoveAt(0);
                }
                else if ((string?)categories[0] == "*")
                {
                    rule["categories"] = new JsonArray("precursors");
                }

                break;
            default: rules.Remove(rule); break;
        }
    }

    private static string LowerOf(string current, string[] order, RandomPolicies random) => order[random.Rng.Next(Array.IndexOf(order, current) + 1)];

    private static void Append(JsonObject rule, string member, string value)
    {
        var list = rule[member]?.AsArray() ?? [];
        if (!list.Any(v => (string?)v == value))
        {
            list.Add(value);
        }

        rule[member] = list.Parent is null ? list : list.DeepClone();
    }
}
