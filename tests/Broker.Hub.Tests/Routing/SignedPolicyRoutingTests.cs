using Broker.Hub.Routing;
using Broker.Hub.Tests.Support;
using Broker.Policy.Evaluation;
using Broker.Protocol.Envelopes;
using Broker.Testing.Policies;

namespace Broker.Hub.Tests.Routing;

public sealed class SignedPolicyRoutingTests
{
    private static readonly string[] Both = ["RU-MVD", "MY-PDRM"];
    private static readonly string[] ThAndSg = ["TH/1", "SG/1"];

    private static EnvelopeHeader Header(params string[] recipients) =>
        Envelope.TryReadHeader(HubWorld.Shared.Seal("TH-ONCB", recipients), out var header, out _) ? header : throw new InvalidOperationException("no header");

    [Test]
    public void Decide_OriginPolicyDoesNotCoverRecipientCountry_DeniesThatRecipientOnly()
    {
        var routing = new SignedPolicyRouting(() => OpenPolicies.Set(HubWorld.Countries, OpenPolicies.Only("TH", "RU")));

        var verdicts = routing.Decide(Header("RU-MVD", "MY-PDRM"), HubWorld.Shared.Registry, HubWorld.Now.AddMinutes(1));

        var ru = verdicts.Single(v => v.Agency.Value == "RU-MVD");
        var my = verdicts.Single(v => v.Agency.Value == "MY-PDRM");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verdicts.Select(v => v.Agency.Value), Is.EquivalentTo(Both));
            Assert.That(ru.Allowed, Is.True);
            Assert.That(ru.Rule, Is.EqualTo("TH/1/outbound/out-listed + RU/1/inbound/in-net"));
            Assert.That(my.Allowed, Is.False);
            Assert.That(my.Code, Is.EqualTo("policy-no-matching-rule"));
            Assert.That(my.Evaluation!.Outcome, Is.EqualTo(DecisionOutcome.Deny));
        }
    }

    [Test]
    public void Decide_SenderAddressesItselfUnderOpenPolicies_DeniesThatRecipientOnly()
    {
        var routing = new SignedPolicyRouting(() => OpenPolicies.Set(HubWorld.Countries));

        var verdicts = routing.Decide(Header("TH-ONCB", "RU-MVD"), HubWorld.Shared.Registry, HubWorld.Now.AddMinutes(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verdicts.Single(v => v.Agency.Value == "TH-ONCB").Code, Is.EqualTo("policy-recipient-is-origin"));
            Assert.That(verdicts.Single(v => v.Agency.Value == "RU-MVD").Allowed, Is.True);
        }
    }

    [Test]
    public void Decide_NoPoliciesLoaded_DeniesEveryRecipient()
    {
        var routing = new SignedPolicyRouting(() => Broker.Policy.Store.PolicySet.Empty);

        var verdicts = routing.Decide(Header("RU-MVD", "SG-CNB"), HubWorld.Shared.Registry, HubWorld.Now.AddMinutes(1));

        Assert.That(verdicts.Select(v => v.Code), Is.All.EqualTo("policy-no-origin-policy"));
    }

    [Test]
    public void Decide_RecordsPolicyVersionsUsed()
    {
        var routing = new SignedPolicyRouting(() => OpenPolicies.Set(HubWorld.Countries));

        var verdict = routing.Decide(Header("SG-CNB"), HubWorld.Shared.Registry, HubWorld.Now.AddMinutes(1)).Single();

        Assert.That(verdict.Evaluation!.PoliciesUsed.Select(p => $"{p.Country}/{p.Version}"), Is.EquivalentTo(ThAndSg));
    }
}
