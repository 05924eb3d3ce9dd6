using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>TLP 2.0 and alert-level contradictions, under open policies so only the markings decide.</summary>
public class PolicyEvaluatorMarkingsTests
{
    // TLP level x addressing form -> refused with reason, or None when the form is allowed.
    private static IEnumerable<TestCaseData> TlpAddressing()
    {
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            yield return new TestCaseData(tlp, "agency", DenyReason.None).SetArgDisplayNames(Wire.Name(tlp), "named agency");
            yield return new TestCaseData(tlp, "country", tlp == Tlp.Red ? DenyReason.RedAddressedToCountry : DenyReason.None)
                .SetArgDisplayNames(Wire.Name(tlp), "whole country");
            var broadcast = tlp switch
            {
                Tlp.Red => DenyReason.RedBroadcast,
                Tlp.AmberStrict => DenyReason.AmberStrictBroadcast,
                _ => DenyReason.None,
            };
            yield return new TestCaseData(tlp, "broadcast", broadcast).SetArgDisplayNames(Wire.Name(tlp), "broadcast");
        }
    }

    [TestCaseSource(nameof(TlpAddressing))]
    public void Evaluate_TlpAndAddressing_FollowsTlp2(Tlp tlp, string form, DenyReason expected)
    {
        var alert = Alert(tlp: tlp, classification: Classification.Unclassified) with
        {
            AddressedAgencies = form == "agency" ? [RuMvd] : [],
            AddressedCountries = form == "country" ? [new CountryCode("RU")] : [],
            Broadcast = form == "broadcast",
        };

        var evaluation = PolicyEvaluator.Evaluate(alert, Agencies, OpenSet(), Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(evaluation.Refusal, Is.EqualTo(expected));
            Assert.That(Only(evaluation, RuMvd).Outcome, Is.EqualTo(expected == DenyReason.None ? DecisionOutcome.Allow : DecisionOutcome.Deny));
            Assert.That(Only(evaluation, RuMvd).Reason, Is.EqualTo(expected));
        }
    }

    [Test]
    public void Evaluate_RedToNamedAgency_OnlyThatAgencyIsCandidate()
    {
        var evaluation = PolicyEvaluator.Evaluate(Alert(tlp: Tlp.Red, to: RuMvd), Agencies, OpenSet(), Now);

        Assert.That(evaluation.Decisions.Select(d => d.Recipient), Is.EqualTo(new[] { RuMvd }));
        Assert.That(evaluation.Decisions[0].IsAllowed, Is.True);
    }

    private static IEnumerable<TestCaseData> Contradictions()
    {
        yield return new TestCaseData(Alert(to: RuMvd) with { Broadcast = true }, DenyReason.BroadcastWithAddressees).SetArgDisplayNames("broadcast naming agencies");
        yield return new TestCaseData(Alert(), DenyReason.NoAddressees).SetArgDisplayNames("nobody addressed");
        yield return new TestCaseData(Alert(tlp: Tlp.Clear, classification: Classification.Confidential, to: RuMvd), DenyReason.ClassifiedMarkedClear).SetArgDisplayNames("CLEAR but confidential");
        yield return new TestCaseData(Alert(to: RuMvd) with { Views = [] }, DenyReason.NoViews).SetArgDisplayNames("no views");
        yield return new TestCaseData(Alert(to: RuMvd) with { Views = Enumerable.Repeat(new AlertView([]), 65).ToArray() }, DenyReason.TooManyViews).SetArgDisplayNames("65 views");
        yield return new TestCaseData(Alert(to: RuMvd) with { Expires = Now }, DenyReason.Expired).SetArgDisplayNames("expires now");
        yield return new TestCaseData(Alert(to: RuMvd) with { Tlp = (Tlp)99 }, DenyReason.InvalidMarking).SetArgDisplayNames("undefined TLP value");
        yield return new TestCaseData(Alert(to: RuMvd) with { Handling = (HandlingCodes)64 }, DenyReason.InvalidMarking).SetArgDisplayNames("undefined handling bit");
        yield return new TestCaseData(Alert(origin: AgencyId.Parse("TH-NOBODY"), to: RuMvd), DenyReason.UnknownOrigin).SetArgDisplayNames("unknown origin");
        yield return new TestCaseData(Alert(origin: VnC04, to: RuMvd), DenyReason.OriginNotActive).SetArgDisplayNames("suspended origin");
    }

    [TestCaseSource(nameof(Contradictions))]
    public void Evaluate_RefusedAlert_DeniesEveryCandidateWithTheReason(AlertFacts alert, DenyReason reason)
    {
        var evaluation = PolicyEvaluator.Evaluate(alert, Agencies, OpenSet(), Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(evaluation.Refusal, Is.EqualTo(reason));
            Assert.That(evaluation.RefusalText, Is.Not.Empty);
            Assert.That(evaluation.Allowed, Is.Empty);
            Assert.That(evaluation.Decisions, Has.All.Matches<RecipientDecision>(d => d.Reason == reason && d.Explanation.Count > 0));
        }
    }

    [Test]
    public void Evaluate_Broadcast_CandidatesAreEveryListedAgencyButTheOrigin()
    {
        var evaluation = PolicyEvaluator.Evaluate(Alert(tlp: Tlp.Green) with { Broadcast = true }, Agencies, OpenSet(), Now);

        Assert.That(evaluation.Decisions.Select(d => d.Recipient), Is.EquivalentTo(Agencies.Agencies.Select(a => a.Id).Where(a => a != ThOncb)));
        Assert.That(Only(evaluation, VnC04).Reason, Is.EqualTo(DenyReason.RecipientNotActive));
        Assert.That(Only(evaluation, LaMops).Reason, Is.EqualTo(DenyReason.RecipientNotActive));
        Assert.That(Only(evaluation, MyPdrm).IsAllowed, Is.True);
    }

    [Test]
    public void Evaluate_AddressedToCountry_ExpandsToThatCountrysAgencies()
    {
        var alert = Alert() with { AddressedCountries = [new CountryCode("RU")] };

        var evaluation = PolicyEvaluator.Evaluate(alert, Agencies, OpenSet(), Now);

        Assert.That(evaluation.Decisions.Select(d => d.Recipient), Is.EquivalentTo(new[] { RuMvd, RuFcs, RuRosfin, RuSc }));
    }

    [Test]
    public void Evaluate_UnknownNamedRecipient_DeniedAsUnknown()
    {
        var stranger = AgencyId.Parse("RU-FSB");

        var evaluation = PolicyEvaluator.Evaluate(Alert(to: stranger), Agencies, OpenSet(), Now);

        Assert.That(Only(evaluation, stranger).Reason, Is.EqualTo(DenyReason.UnknownRecipient));
    }

    [Test]
    public void Evaluate_OriginNamesItself_DeniedAsOrigin()
    {
        var evaluation = PolicyEvaluator.Evaluate(Alert(to: ThOncb), Agencies, OpenSet(), Now);

        Assert.That(Only(evaluation, ThOncb).Reason, Is.EqualTo(DenyReason.RecipientIsOrigin));
    }
}
