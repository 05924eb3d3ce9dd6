using Broker.Gateway.Alerts;
using Broker.Gateway.Sharing;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Sharing;

public class ViewPlannerTests
{
    private static readonly AgencyId Th = AgencyId.Parse("TH-ONCB");
    private static readonly AgencyId Ru = AgencyId.Parse("RU-MVD");
    private static readonly AgencyId My = AgencyId.Parse("MY-PDRM");
    private static readonly AgencyId Sg = AgencyId.Parse("SG-CNB");
    private static readonly AgencyId Vn = AgencyId.Parse("VN-C04");
    private static readonly AgencyId[] Known = [Th, Ru, My, Sg, Vn];
    private static readonly string[] ReducedClasses = ["operational.general", "operational.location", "personal.identity"];

    [Test]
    public void ResolveRecipients_Broadcast_EveryoneButTheSender() =>
        Assert.That(ViewPlanner.ResolveRecipients(new AlertAddressing(true, [], []), Th, Known), Is.EquivalentTo(new[] { Ru, My, Sg, Vn }));

    [Test]
    public void ResolveRecipients_AgenciesAndCountries_UnionWithoutUnknownsOrSender()
    {
        var addressing = new AlertAddressing(false, [Ru, AgencyId.Parse("XX-NOBODY"), Th], [new CountryCode("SG"), new CountryCode("TH")]);
        Assert.That(ViewPlanner.ResolveRecipients(addressing, Th, Known), Is.EquivalentTo(new[] { Ru, Sg }));
    }

    [Test]
    public void Plan_PerCountryRule_FullViewForTrustedAndOneReducedViewPerWithheldSet()
    {
        var rule = new ConfiguredDataClassRule(new SharingOptions
        {
            Countries = new()
            {
                ["RU"] = ["*"],
                ["MY"] = ["operational.general", "operational.location", "personal.identity"],
                ["SG"] = ["operational.general", "operational.location", "personal.identity"],
            },
        });
        var plan = ViewPlanner.Plan(Samples.Bytes(Samples.ThOncb), [Ru, My, Sg, Vn], rule);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Views, Has.Count.EqualTo(3));
            Assert.That(plan.Recipients, Is.EqualTo(new[] { new PlannedRecipient(Ru, 0), new PlannedRecipient(My, 1), new PlannedRecipient(Sg, 1), new PlannedRecipient(Vn, 2) }));
            Assert.That(plan.Views[0].Withheld, Is.Empty);
            Assert.That(plan.Views[1].DataClasses.Select(c => c.Value), Is.EqualTo(ReducedClasses));
            // VN is not configured: the default (empty) withholds every tagged class.
            Assert.That(plan.Views[2].DataClasses, Is.Empty);
        }
    }

    [Test]
    public void Plan_NobodyMaySeeEverything_NoFullView()
    {
        var rule = new ConfiguredDataClassRule(new SharingOptions { DefaultDataClasses = ["operational.general"] });
        var plan = ViewPlanner.Plan(Samples.Bytes(Samples.ThOncb), [Ru, My], rule);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Views, Has.Count.EqualTo(1));
            Assert.That(plan.Views[0].DataClasses, Is.EqualTo(new[] { DataClass.OperationalGeneral }));
            Assert.That(plan.Recipients.Select(r => r.ViewIndex), Is.All.EqualTo(0));
        }
    }

    [Test]
    public void SharingOptions_BadEntries_FailValidation()
    {
        var options = new SharingOptions { Countries = new() { ["Russia"] = ["*"], ["MY"] = ["Personal Identity"] }, DefaultDataClasses = ["x"] };
        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToArray();
        Assert.That(results, Has.Length.EqualTo(3));
    }
}
