using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;
using Broker.Gateway.Sharing;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Sharing;

/// <summary>Views and recipients planned from the policies: each rule kind on the destination side, view preparation, the notice words.</summary>
public class SharingPlannerTests
{
    private static readonly string[] GeneralOnly = ["operational.general"];
    private static readonly string[] MalaysiaOnly = ["MY-PDRM"];
    private readonly List<string> _folders = [];
    private TestNetwork _network = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _network = new TestNetwork();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _network.Dispose();

    public static IEnumerable<TestCaseData> MalaysiaInbound()
    {
        yield return new TestCaseData("{'id':'in-all','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}", "deliver-reduced", null)
            .SetName("Plan_MalaysiaAcceptsAll_ReducedByThailandsOutboundRule");
        yield return new TestCaseData("{'id':'in-green','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'GREEN','maxClassification':'secret'}", "denied", "tlp-above-rule-maximum")
            .SetName("Plan_MalaysiaAcceptsUpToGreen_AmberAlertDenied");
        yield return new TestCaseData("{'id':'in-unclassified','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'unclassified'}", "denied", "classification-above-rule-maximum")
            .SetName("Plan_MalaysiaAcceptsUnclassifiedOnly_RestrictedAlertDenied");
        yield return new TestCaseData("{'id':'in-h1','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret','requireHandling':['H1']}", "denied", "required-handling-missing")
            .SetName("Plan_MalaysiaRequiresH1_AlertWithoutItDenied");
        yield return new TestCaseData("{'id':'in-other','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['corruption'],'maxTlp':'RED','maxClassification':'secret'}", "denied", "no-matching-rule")
            .SetName("Plan_MalaysiaAcceptsOtherCategoriesOnly_DeniedByDefault");
        yield return new TestCaseData("{'id':'in-no-th','effect':'deny','from':{'countries':['TH']},'categories':['*']}", "denied", "denied-by-rule")
            .SetName("Plan_MalaysiaDeniesThailand_DeniedByRule");
    }

    [TestCaseSource(nameof(MalaysiaInbound))]
    public void Plan_DestinationInboundRule_DecidesMalaysia(string rule, string decision, string? reason)
    {
        var malaysia = TestPolicies.Document("MY", 1, [TestPolicies.Obj("{'id':'out-all','effect':'allow','to':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")], [TestPolicies.Obj(rule)]);
        var plan = PlanFor(["RU-MVD", "MY-PDRM"], malaysia);
        var my = plan.Outcomes.Single(o => o.Decision.Recipient.Value == "MY-PDRM");
        var notice = JsonNode.Parse(SharingNotice.Compose(Guid.Empty, null, NoticeStage.DryRun, plan, null, null))!;
        var myNotice = notice["recipients"]!.AsArray().Single(r => r!["agency"]!.GetValue<string>() == "MY-PDRM")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SharingNotice.DecisionName(my), Is.EqualTo(decision));
            Assert.That(myNotice["reason"]?.GetValue<string>(), Is.EqualTo(reason));
            Assert.That(myNotice["explanation"]!.AsArray(), Is.Not.Empty, "every decision is explained");
            Assert.That(plan.Recipients.Any(r => r.Agency.Value == "RU-MVD"), Is.True, "RU is unaffected");
            Assert.That(plan.Recipients.Any(r => r.Agency.Value == "MY-PDRM"), Is.EqualTo(decision.StartsWith("deliver", StringComparison.Ordinal)));
        }
    }

    [Test]
    public void Plan_BothSidesWithhold_MalaysiaGetsOneViewWithoutEitherSidesClasses()
    {
        var malaysia = TestPolicies.Document(
            "MY", 1,
            [TestPolicies.Obj("{'id':'out-all','effect':'allow','to':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret'}")],
            [TestPolicies.Obj("{'id':'in-no-location','effect':'allow','from':{'groups':['ASEAN+RU']},'categories':['*'],'maxTlp':'RED','maxClassification':'secret','withhold':['operational.location']}")]);
        var plan = PlanFor(["MY-PDRM"], malaysia);
        var view = JsonNode.Parse(plan.Views.Single().Json)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Views.Single().DataClasses.Select(c => c.Value), Is.EqualTo(GeneralOnly));
            Assert.That(plan.Recipients.Single(), Is.EqualTo(new PlannedRecipient(AgencyId.Parse("MY-PDRM"), 0)));
            Assert.That(view["entities"]!.AsObject().ContainsKey("locations"), Is.False);
            Assert.That(view["entities"]!.AsObject().ContainsKey("persons"), Is.False);
        }
    }

    [Test]
    public void Plan_FullAndReducedRecipients_TwoViewsAndOnlyUsedViewsAreSealed()
    {
        var both = PlanFor(["RU-MVD", "MY-PDRM"]);
        var malaysiaOnly = PlanFor(["MY-PDRM"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(both.Views, Has.Count.EqualTo(2));
            Assert.That(both.Recipients.Select(r => r.ViewIndex).Distinct().Count(), Is.EqualTo(2));
            Assert.That(malaysiaOnly.Views, Has.Count.EqualTo(1), "the full view nobody may receive is not sealed");
            Assert.That(malaysiaOnly.Views[0].DataClasses, Does.Not.Contain(DataClass.PersonalIdentity));
        }
    }

    [Test]
    public void Plan_AllowedRecipientWithoutEncryptionKey_NotSealedAndNamed()
    {
        var alertJson = Addressed(["RU-MVD", "MY-PDRM"]);
        var plan = SharingPlanner.Plan(
            Alert(alertJson), alertJson, TestPolicies.Load(_network, Folder()).Current, Broker.Policy.Signing.RegistryDirectory.From(_network.Registry), Samples.Now,
            agency => agency.Value == "RU-MVD" ? "no-encryption-key: NoCurrentKey" : null);
        var ru = plan.Outcomes.Single(o => o.Decision.Recipient.Value == "RU-MVD");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SharingNotice.DecisionName(ru), Is.EqualTo("not-sealed"));
            Assert.That(ru.Skipped, Does.StartWith("no-encryption-key"));
            Assert.That(plan.Recipients.Select(r => r.Agency.Value), Is.EqualTo(MalaysiaOnly));
            Assert.That(plan.Views, Has.Count.EqualTo(1));
        }
    }

    private SharingPlan PlanFor(string[] agencies, params JsonObject[] overrides)
    {
        var documents = TestPolicies.Standard().Select(d => overrides.FirstOrDefault(o => o["country"]!.GetValue<string>() == d["country"]!.GetValue<string>()) ?? d);
        var policies = TestPolicies.Load(_network, Folder(documents));
        var alertJson = Addressed(agencies);
        return SharingPlanner.Plan(Alert(alertJson), alertJson, policies.Current, policies.Agencies, Samples.Now, _ => null);
    }

    private string Folder(IEnumerable<JsonObject>? documents = null)
    {
        var folder = TestPolicies.Folder(_network, documents);
        _folders.Add(folder);
        return folder;
    }

    [TearDown]
    public void DeleteFolders()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }

        _folders.Clear();
    }

    private static byte[] Addressed(string[] agencies)
    {
        var alert = Samples.Node();
        alert["addressing"] = new JsonObject { ["agencies"] = new JsonArray([.. agencies.Select(a => (JsonNode?)JsonValue.Create(a))]) };
        return Samples.Utf8(alert);
    }

    private static CaseAlert Alert(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return CaseAlert.FromValidated(document.RootElement);
    }
}
