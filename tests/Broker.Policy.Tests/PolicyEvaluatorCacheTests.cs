using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>The rule-applicability memo inside a policy snapshot must never make a decision stale.</summary>
public class PolicyEvaluatorCacheTests
{
    [Test]
    public void Evaluate_DirectoryChangesAuthorityOfSameAgency_UsesTheNewAuthority()
    {
        var th = Open("TH");
        th["outbound"]![0]!["to"] = Obj("{'groups':['ASEAN+RU'],'authorities':['police']}");
        var set = Set(th, Open("RU"));
        var asPolice = new AgencyDirectory([new(ThOncb, AuthorityType.DrugControl, AgencyState.Active), new(RuMvd, AuthorityType.Police, AgencyState.Active)]);
        var asCourt = new AgencyDirectory([new(ThOncb, AuthorityType.DrugControl, AgencyState.Active), new(RuMvd, AuthorityType.Court, AgencyState.Active)]);

        var first = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, asPolice, set, Now);
        var second = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, asCourt, set, Now);
        var third = PolicyEvaluator.Decide(Alert(to: RuMvd), RuMvd, asPolice, set, Now);

        Assert.That(first.IsAllowed, Is.True);
        Assert.That(second.Reason, Is.EqualTo(DenyReason.NoMatchingRule));
        Assert.That(third.IsAllowed, Is.True);
    }

    [Test]
    public void Evaluate_SameInputsTwice_IdenticalDecisionsAndExplanations()
    {
        var set = RepositoryFiles.SampleSet();
        var directory = RepositoryFiles.SampleDirectory();
        var alert = Alert(tlp: Tlp.Amber, handling: HandlingCodes.H0CrimeFightingOnly) with
        {
            AddressedCountries = [new CountryCode("RU"), new CountryCode("MY")],
            Views = [new AlertView([DataClass.PersonalIdentity, DataClass.OperationalGeneral]), new AlertView([DataClass.OperationalGeneral])],
        };

        var first = PolicyEvaluator.Evaluate(alert, directory, set, Now);
        var second = PolicyEvaluator.Evaluate(alert, directory, set, Now);

        Assert.That(second.Decisions.Select(Render), Is.EqualTo(first.Decisions.Select(Render)));
    }

    private static string Render(RecipientDecision d) => d.Summary + "|" + string.Join("|", d.Explanation) + "|" + string.Join(",", d.PoliciesUsed);
}
