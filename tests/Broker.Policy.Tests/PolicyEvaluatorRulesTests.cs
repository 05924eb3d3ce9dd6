using System.Text.Json.Nodes;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>One case per rule kind, each on the outbound side (TH) and the inbound side (RU), for TH-ONCB to RU-MVD.</summary>
public class PolicyEvaluatorRulesTests
{
    private const string Base = "'categories':['*'],'maxTlp':'RED','maxClassification':'secret'";

    // (name, outbound rule fields for TH or null, inbound rule fields for RU or null, expected reason; None = allowed)
    private static IEnumerable<TestCaseData> RuleKinds()
    {
        yield return Out("peer country listed", "'to':{'countries':['RU']}," + Base, DenyReason.None);
        yield return Out("peer country not listed", "'to':{'countries':['MY']}," + Base, DenyReason.NoMatchingRule);
        yield return Out("peer group ASEAN excludes RU", "'to':{'groups':['ASEAN']}," + Base, DenyReason.NoMatchingRule);
        yield return Out("peer group ASEAN+RU", "'to':{'groups':['ASEAN+RU']}," + Base, DenyReason.None);
        yield return Out("peer agency listed", "'to':{'agencies':['RU-MVD']}," + Base, DenyReason.None);
        yield return Out("peer agency not listed", "'to':{'agencies':['RU-FCS']}," + Base, DenyReason.NoMatchingRule);
        yield return Out("peer authority matches", "'to':{'countries':['RU'],'authorities':['police']}," + Base, DenyReason.None);
        yield return Out("peer authority differs", "'to':{'countries':['RU'],'authorities':['customs']}," + Base, DenyReason.NoMatchingRule);
        yield return Out("local authority matches", "'from':{'authorities':['drug-control']},'to':{'countries':['RU']}," + Base, DenyReason.None);
        yield return Out("local authority differs", "'from':{'authorities':['police']},'to':{'countries':['RU']}," + Base, DenyReason.NoMatchingRule);
        yield return Out("local agency matches", "'from':{'agencies':['TH-ONCB']},'to':{'countries':['RU']}," + Base, DenyReason.None);
        yield return Out("local agency differs", "'from':{'agencies':['TH-AMLO']},'to':{'countries':['RU']}," + Base, DenyReason.NoMatchingRule);
        yield return Out("category listed", "'to':{'countries':['RU']},'categories':['drug-trafficking'],'maxTlp':'RED','maxClassification':'secret'", DenyReason.None);
        yield return Out("category not listed", "'to':{'countries':['RU']},'categories':['precursors'],'maxTlp':'RED','maxClassification':'secret'", DenyReason.NoMatchingRule);
        yield return Out("TLP at maximum", "'to':{'countries':['RU']},'categories':['*'],'maxTlp':'AMBER','maxClassification':'secret'", DenyReason.None);
        yield return Out("TLP above maximum", "'to':{'countries':['RU']},'categories':['*'],'maxTlp':'GREEN','maxClassification':'secret'", DenyReason.TlpAboveRuleMaximum);
        yield return Out("classification at maximum", "'to':{'countries':['RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'restricted'", DenyReason.None);
        yield return Out("classification above maximum", "'to':{'countries':['RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'unclassified'", DenyReason.ClassificationAboveRuleMaximum);
        yield return Out("required handling missing", "'to':{'countries':['RU']}," + Base + ",'requireHandling':['H0']", DenyReason.RequiredHandlingMissing);

        yield return In("inbound peer country listed", "'from':{'countries':['TH']}," + Base, DenyReason.None);
        yield return In("inbound peer group ASEAN includes TH", "'from':{'groups':['ASEAN']}," + Base, DenyReason.None);
        yield return In("inbound peer authority differs", "'from':{'countries':['TH'],'authorities':['police']}," + Base, DenyReason.NoMatchingRule);
        yield return In("inbound local authority differs", "'from':{'countries':['TH']},'to':{'authorities':['customs']}," + Base, DenyReason.NoMatchingRule);
        yield return In("inbound local agency matches", "'from':{'countries':['TH']},'to':{'agencies':['RU-MVD']}," + Base, DenyReason.None);
        yield return In("inbound category not listed", "'from':{'countries':['TH']},'categories':['corruption'],'maxTlp':'RED','maxClassification':'secret'", DenyReason.NoMatchingRule);
        yield return In("inbound TLP above maximum", "'from':{'countries':['TH']},'categories':['*'],'maxTlp':'GREEN','maxClassification':'secret'", DenyReason.TlpAboveRuleMaximum);
        yield return In("inbound classification above maximum", "'from':{'countries':['TH']},'categories':['*'],'maxTlp':'RED','maxClassification':'unclassified'", DenyReason.ClassificationAboveRuleMaximum);
        yield return In("inbound required handling missing", "'from':{'countries':['TH']}," + Base + ",'requireHandling':['H2']", DenyReason.RequiredHandlingMissing);
    }

    [TestCaseSource(nameof(RuleKinds))]
    public void Decide_SingleRule_AllowsOrDeniesAsSpecified(string? outbound, string? inbound, DenyReason expected)
    {
        var th = outbound is null ? Open("TH") : Document("TH", 1, "2026-01-01T00:00:00Z", [Rule("r1", outbound)], []);
        var ru = inbound is null ? Open("RU") : Document("RU", 1, "2026-01-01T00:00:00Z", [], [Rule("r1", inbound)]);

        var decision = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, Set(th, ru), Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Outcome, Is.EqualTo(expected == DenyReason.None ? DecisionOutcome.Allow : DecisionOutcome.Deny));
            Assert.That(decision.Reason, Is.EqualTo(expected));
            Assert.That(decision.Explanation, Is.Not.Empty);
            Assert.That(string.Join(",", decision.PoliciesUsed.Select(p => p.Country.Value)), Is.EqualTo("TH,RU"));
        }
    }

    [Test]
    public void Decide_DenyRuleBesideAllowRule_DenyWinsAndIsNamed()
    {
        var th = Open("TH");
        th["outbound"]!.AsArray().Add(Rule("zz-no-ru", "'to':{'countries':['RU']},'categories':['drug-trafficking']", "deny"));

        var decision = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, Set(th, Open("RU")), Now);

        Assert.That(decision.Reason, Is.EqualTo(DenyReason.DeniedByRule));
        Assert.That(decision.DecidingRules.Single().RuleId, Is.EqualTo("zz-no-ru"));
        Assert.That(decision.DecidingRules.Single().Policy.Country.Value, Is.EqualTo("TH"));
    }

    [Test]
    public void Decide_HandlingCarried_RuleRequiringItAllows()
    {
        var th = Document("TH", 1, "2026-01-01T00:00:00Z", [Rule("r1", "'to':{'countries':['RU']}," + Base + ",'requireHandling':['H0','H2']")], []);
        var alert = Alert(handling: HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent | HandlingCodes.H1NoEvidenceWithoutMla, to: RuMvd);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Set(th, Open("RU")), Now);

        Assert.That(decision.IsAllowed, Is.True);
    }

    [Test]
    public void Decide_Allowed_ExplanationNamesBothRulesAndVersions()
    {
        var decision = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, OpenSet(), Now);

        Assert.That(string.Join(" + ", decision.DecidingRules), Is.EqualTo("TH v1 outbound rule 'out-all' + RU v1 inbound rule 'in-all'"));
        Assert.That(decision.Explanation.Select(l => l.ToString()), Has.Some.Contains("TH v1 outbound rule 'out-all'"));
        Assert.That(decision.Summary, Is.EqualTo("ALLOW RU-MVD: view 0"));
    }

    [Test]
    public void Decide_NoPolicyForDestination_DefaultDeny()
    {
        var decision = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, Set(Open("TH")), Now);

        Assert.That(decision.Reason, Is.EqualTo(DenyReason.NoDestinationPolicy));
    }

    [Test]
    public void Decide_NoPolicyForOrigin_DefaultDeny()
    {
        var decision = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, Set(Open("RU")), Now);

        Assert.That(decision.Reason, Is.EqualTo(DenyReason.NoOriginPolicy));
    }

    [Test]
    public void Decide_PolicyNotYetEffective_DefaultDeny()
    {
        var decision = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, Set(Open("TH", 1, "2027-01-01T00:00:00Z"), Open("RU")), Now);

        Assert.That(decision.Reason, Is.EqualTo(DenyReason.NoOriginPolicy));
    }

    [Test]
    public void Decide_TwoVersions_EffectiveDateChoosesAndDecisionRecordsIt()
    {
        var v2 = Document("TH", 2, "2026-07-01T00:00:00Z", [Rule("out-none", "'to':{'countries':['MY']}," + Base)], []);
        var set = Set(Open("TH"), v2, Open("RU"));

        var before = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, Agencies, set, Now);
        var after = PolicyEvaluator.Decide(Alert(to: RuMvd) with { Expires = Now.AddYears(1) }, RuMvd, Agencies, set, Now.AddMonths(2));

        Assert.That(before.IsAllowed, Is.True);
        Assert.That(before.PoliciesUsed.First(p => p.Country.Value == "TH").Version, Is.EqualTo(1));
        Assert.That(after.Reason, Is.EqualTo(DenyReason.NoMatchingRule));
        Assert.That(after.PoliciesUsed.First(p => p.Country.Value == "TH").Version, Is.EqualTo(2));
    }

    private static JsonObject Rule(string id, string fields, string effect = "allow") => Obj($"{{'id':'{id}','effect':'{effect}',{fields}}}");

    private static TestCaseData Out(string name, string rule, DenyReason expected) =>
        new TestCaseData(rule, null, expected).SetArgDisplayNames(name);

    private static TestCaseData In(string name, string rule, DenyReason expected) =>
        new TestCaseData(null, rule, expected).SetArgDisplayNames(name);
}
