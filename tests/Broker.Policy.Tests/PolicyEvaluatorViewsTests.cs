using System.Text.Json.Nodes;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

/// <summary>Data classes: withheld classes pick a reduced view, or nothing when no prepared view leaves them out.</summary>
public class PolicyEvaluatorViewsTests
{
    private static readonly DataClass General = DataClass.OperationalGeneral;
    private static readonly DataClass Identity = DataClass.PersonalIdentity;
    private static readonly DataClass Account = DataClass.FinancialAccount;
    private static readonly DataClass CaseFile = DataClass.Parse("th.case-file");

    [Test]
    public void Decide_PersonalWithheld_DeliversViewWithoutIt()
    {
        var alert = WithViews([Identity, General], [General]);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Policies(outWithhold: "'personal'"), Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Outcome, Is.EqualTo(DecisionOutcome.Allow));
            Assert.That(decision.ViewIndex, Is.EqualTo(1));
            Assert.That(decision.PermittedViews, Is.EqualTo(Enumerable.Range(1, 1)));
            Assert.That(decision.WithheldClasses, Is.EqualTo(new[] { Identity }));
            Assert.That(decision.Permits(0), Is.False);
            Assert.That(decision.Permits(1), Is.True);
        }
    }

    [Test]
    public void Decide_PersonalWithheldAndNoReducedView_WithheldNotDelivered()
    {
        var alert = WithViews([Identity, General]);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Policies(outWithhold: "'personal'"), Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Outcome, Is.EqualTo(DecisionOutcome.Withheld));
            Assert.That(decision.ViewIndex, Is.Null);
            Assert.That(decision.WithheldClasses, Is.EqualTo(new[] { Identity }));
            Assert.That(decision.Permits(0), Is.False);
            Assert.That(decision.Explanation[^1].Text, Does.Contain("no prepared view leaves out personal.identity"));
        }
    }

    [Test]
    public void Decide_BothSidesWithholdDifferentClasses_ViewWithoutEitherIsChosen()
    {
        var alert = WithViews([Identity, Account, General], [Account, General], [General]);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Policies(outWithhold: "'personal'", inWithhold: "'financial.account'"), Now);

        Assert.That(decision.ViewIndex, Is.EqualTo(2));
        Assert.That(decision.WithheldClasses, Is.EquivalentTo(new[] { Identity, Account }));
    }

    [Test]
    public void Decide_SeveralPermittedViews_RichestIsDelivered()
    {
        var alert = WithViews([General], [Identity, General], [Identity]);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Policies(), Now);

        Assert.That(decision.ViewIndex, Is.EqualTo(1));
        Assert.That(decision.PermittedViews, Is.EqualTo(Enumerable.Range(0, 3)));
    }

    [Test]
    public void Decide_NonStandardClassNotNamed_TreatedAsSensitive()
    {
        var decision = PolicyEvaluator.Decide(WithViews([CaseFile, General]), RuMvd, Agencies, Policies(), Now);

        Assert.That(decision.Outcome, Is.EqualTo(DecisionOutcome.Withheld));
        Assert.That(decision.WithheldClasses, Is.EqualTo(new[] { CaseFile }));
    }

    [Test]
    public void Decide_NonStandardClassNamedOnBothSides_Delivered()
    {
        var policies = Policies(outCustom: "'th'", inCustom: "'th.case-file'");

        var decision = PolicyEvaluator.Decide(WithViews([CaseFile, General]), RuMvd, Agencies, policies, Now);

        Assert.That(decision.IsAllowed, Is.True);
    }

    [Test]
    public void Decide_WithholdEverything_OnlyAnEmptyViewPasses()
    {
        var alert = WithViews([General], []);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Policies(inWithhold: "'*'"), Now);

        Assert.That(decision.ViewIndex, Is.EqualTo(1));
    }

    [Test]
    public void Decide_WithholdPrefixDoesNotMatchSiblingName()
    {
        // 'personal' covers personal.identity but not a class that merely starts with the same letters.
        var alert = WithViews([DataClass.Parse("personalised.note")]);

        var decision = PolicyEvaluator.Decide(alert, RuMvd, Agencies, Policies(outWithhold: "'personal'", outCustom: "'personalised'", inCustom: "'*'"), Now);

        Assert.That(decision.IsAllowed, Is.True);
    }

    private static AlertFacts WithViews(params DataClass[][] views) =>
        Alert(to: RuMvd) with { Views = views.Select(v => new AlertView(v)).ToArray() };

    private static Store.PolicySet Policies(string? outWithhold = null, string? inWithhold = null, string? outCustom = null, string? inCustom = null)
    {
        var th = Open("TH");
        var ru = Open("RU");
        Extend(th["outbound"]![0]!.AsObject(), outWithhold, outCustom);
        Extend(ru["inbound"]![0]!.AsObject(), inWithhold, inCustom);
        return Set(th, ru);
    }

    private static void Extend(JsonObject rule, string? withhold, string? custom)
    {
        if (withhold is not null)
        {
            rule["withhold"] = JsonNode.Parse($"[{withhold.Replace('\'', '"')}]");
        }

        if (custom is not null)
        {
            rule["customClasses"] = JsonNode.Parse($"[{custom.Replace('\'', '"')}]");
        }
    }
}
