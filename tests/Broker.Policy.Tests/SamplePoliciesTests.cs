using Broker.Policy.Evaluation;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;

namespace Broker.Policy.Tests;

/// <summary>The illustrative policies in deploy/policies behave as their notes say (these flows are the demo's).</summary>
public class SamplePoliciesTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<PolicySet> Policies = new(RepositoryFiles.SampleSet);
    private static readonly Lazy<AgencyDirectory> Directory = new(RepositoryFiles.SampleDirectory);

    [Test]
    public void SampleDirectory_CoversEveryCountryWithDemoAgencies()
    {
        var agencies = Directory.Value.Agencies;

        Assert.That(agencies, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(agencies.Select(a => a.Country).Distinct(), Is.EquivalentTo(Model.CountryGroups.Network));
        foreach (var demo in new[] { "TH-ONCB", "RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04", "ID-BNN" })
        {
            Assert.That(Directory.Value.TryFind(AgencyId.Parse(demo), out _), Is.True, demo);
        }
    }

    [Test]
    public void ThailandToRussia_PrecursorsRed_AllowedByBilateralRule()
    {
        var decision = Decide("TH-ONCB", "RU-MVD", Category.Precursors, Tlp.Red, Classification.Secret, HandlingCodes.H0CrimeFightingOnly,
            [DataClass.PersonalIdentity, DataClass.OperationalGeneral]);

        Assert.That(decision.IsAllowed, Is.True, Explain(decision));
        Assert.That(decision.ViewIndex, Is.Zero);
        Assert.That(string.Join(",", decision.DecidingRules.Select(r => r.RuleId)), Is.EqualTo("out-th-ru-precursors,in-asean"));
    }

    [Test]
    public void ThailandToMalaysia_AmberStrict_DeniedBecauseMalaysiaAcceptsUpToAmber()
    {
        var decision = Decide("TH-ONCB", "MY-PDRM", Category.DrugTrafficking, Tlp.AmberStrict, Classification.Restricted, HandlingCodes.None, [DataClass.OperationalGeneral]);

        Assert.That(decision.Reason, Is.EqualTo(DenyReason.TlpAboveRuleMaximum), Explain(decision));
        Assert.That(decision.DecidingRules.Single().ToString(), Is.EqualTo("MY v1 inbound rule 'in-network'"));
    }

    [Test]
    public void ThailandToMalaysia_PersonalData_ReducedViewWithout()
    {
        var decision = Decide("TH-ONCB", "MY-PDRM", Category.DrugTrafficking, Tlp.Amber, Classification.Restricted, HandlingCodes.H0CrimeFightingOnly,
            [DataClass.PersonalIdentity, DataClass.OperationalGeneral], [DataClass.OperationalGeneral]);

        Assert.That(decision.ViewIndex, Is.EqualTo(1), Explain(decision));
        Assert.That(decision.WithheldClasses, Is.EqualTo(new[] { DataClass.PersonalIdentity }));
    }

    [TestCase("TH-AMLO", "RU-ROSFIN", true)]
    [TestCase("TH-AMLO", "RU-MVD", false)]
    [TestCase("TH-ONCB", "RU-ROSFIN", false)]
    public void FinancialIntelligence_OnlyBetweenFius(string from, string to, bool allowed)
    {
        var decision = Decide(from, to, Category.MoneyLaundering, Tlp.Amber, Classification.Confidential, HandlingCodes.None, [DataClass.FinancialAccount]);

        Assert.That(decision.IsAllowed, Is.EqualTo(allowed), Explain(decision));
    }

    [Test]
    public void AnyCountryToACourt_DeniedByRule()
    {
        var decision = Decide("TH-ONCB", "RU-SC", Category.DrugTrafficking, Tlp.Green, Classification.Unclassified, HandlingCodes.None, [DataClass.OperationalGeneral]);

        Assert.That(decision.Reason, Is.EqualTo(DenyReason.DeniedByRule));
        Assert.That(decision.DecidingRules.Single().RuleId, Is.EqualTo("out-no-courts"));
    }

    [TestCase(HandlingCodes.None, false)]
    [TestCase(HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent, true)]
    public void RussiaToSingapore_RequiresH0AndH2(HandlingCodes handling, bool allowed)
    {
        var decision = Decide("RU-MVD", "SG-CNB", Category.DrugTrafficking, Tlp.Amber, Classification.Restricted, handling, [DataClass.OperationalGeneral]);

        Assert.That(decision.IsAllowed, Is.EqualTo(allowed), Explain(decision));
    }

    [Test]
    public void Broadcast_GreenDrugNotice_ReachesLawEnforcementButNotSuspendedOrFius()
    {
        var alert = new AlertFacts
        {
            Origin = AgencyId.Parse("TH-ONCB"),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Green,
            Classification = Classification.Unclassified,
            Broadcast = true,
            Expires = At.AddDays(1),
            Views = [new AlertView([DataClass.OperationalGeneral])],
        };

        var evaluation = PolicyEvaluator.Evaluate(alert, Directory.Value, Policies.Value, At);

        Assert.That(evaluation.Decisions, Has.Count.EqualTo(Directory.Value.Agencies.Count - 1));
        Assert.That(evaluation.Allowed.Count(), Is.GreaterThan(15));
        Assert.That(evaluation.Decisions.Single(d => d.Recipient.Value == "LA-AMLIO").Reason, Is.EqualTo(DenyReason.RecipientNotActive));
        Assert.That(evaluation.Allowed.Select(d => d.Recipient.Value), Has.None.EqualTo("TH-AMLO"));
        Assert.That(evaluation.PoliciesUsed, Has.Count.EqualTo(11));
    }

    private static RecipientDecision Decide(
        string from, string to, Category category, Tlp tlp, Classification classification, HandlingCodes handling, params DataClass[][] views)
    {
        var alert = new AlertFacts
        {
            Origin = AgencyId.Parse(from),
            Category = category,
            Tlp = tlp,
            Classification = classification,
            Handling = handling,
            AddressedAgencies = [AgencyId.Parse(to)],
            Expires = At.AddDays(1),
            Views = views.Select(v => new AlertView(v)).ToArray(),
        };
        return PolicyEvaluator.Evaluate(alert, Directory.Value, Policies.Value, At).Decisions.Single();
    }

    private static string Explain(RecipientDecision decision) => decision.Summary + "\n" + string.Join("\n", decision.Explanation);
}
