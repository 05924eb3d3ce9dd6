using Broker.Bench.World;
using Broker.Policy.Evaluation;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Tests.World;

public sealed class BenchPoliciesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Countries = ["TH", "RU"];

    [Test]
    public void Parse_OpenPolicies_OnePolicyPerCountryInForceSinceTheGivenTime()
    {
        using var policies = new BenchPolicies(["TH-ONCB", "TH-RTP", "RU-MVD"], Now.AddDays(-1));

        var set = policies.Parse();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Countries.Select(c => c.Value), Is.EquivalentTo(Countries));
            Assert.That(set.TryGetInForce(new CountryCode("TH"), Now, out _), Is.True);
            Assert.That(set.TryGetInForce(new CountryCode("TH"), Now.AddDays(-2), out _), Is.False);
        }
    }

    [Test]
    public void Parse_CountrysOwnOutboundRule_ReplacesTheOpenOne()
    {
        const string OnlyToRussia = """{"id":"out-ru","effect":"allow","to":{"countries":["RU"]},"categories":["*"],"maxTlp":"RED","maxClassification":"secret"}""";
        using var world = BenchWorld.Create(["TH-ONCB", "RU-MVD", "MY-PDRM"], Now,
            new BenchPolicies(["TH-ONCB", "RU-MVD", "MY-PDRM"], Now.AddDays(-1), c => c == "TH" ? OnlyToRussia : null));
        var directory = Broker.Policy.Signing.RegistryDirectory.From(world.Registry);
        var set = world.Policies!.Parse();
        var facts = new AlertFacts
        {
            Origin = world["TH-ONCB"].Agency,
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Classification = Classification.Restricted,
            AddressedAgencies = [world["RU-MVD"].Agency, world["MY-PDRM"].Agency],
            Expires = Now.AddDays(1),
            Views = [new AlertView([DataClass.PersonalIdentity])],
        };

        var outcomes = PolicyEvaluator.Evaluate(facts, directory, set, Now).Decisions.Select(d => (d.Recipient.Value, d.Outcome));

        Assert.That(outcomes, Is.EquivalentTo(new[] { ("RU-MVD", DecisionOutcome.Allow), ("MY-PDRM", DecisionOutcome.Deny) }));
    }
}
