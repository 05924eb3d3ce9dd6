using System.Xml.Linq;
using Broker.Policy.Analysis;
using Broker.Policy.Model;
using Broker.Protocol.Vocabulary;
using static Broker.Policy.Tests.TestPolicies;

namespace Broker.Policy.Tests;

public class PolicyAnalysisTests
{
    [Test]
    public void Matrix_OpenPoliciesExceptOneClosedInbound_ShowsThatColumnEmpty()
    {
        var closedRu = Document("RU", 1, "2026-01-01T00:00:00Z", [Open("RU")["outbound"]![0]!.DeepClone().AsObject()], []);

        var matrix = PolicyMatrix.Build(Agencies, OpenSet(closedRu), Now, new MatrixProbe { Categories = [Category.DrugTrafficking] });

        var th = new CountryCode("TH");
        var ru = new CountryCode("RU");
        Assert.That(matrix.Cell(th, ru).Allowed, Is.Zero);
        Assert.That(matrix.Cell(ru, th).Allowed, Is.GreaterThan(0));
        // TH has 2 active agencies; MY has 1 active agency, so TH->MY is 2 pairs, all allowed under open policies.
        Assert.That(matrix.Cell(th, new CountryCode("MY")), Is.EqualTo(new MatrixCell(th, new CountryCode("MY"), 2, 0, 2)));
    }

    [Test]
    public void Matrix_Renderings_AreReadableTableAndWellFormedSvg()
    {
        var matrix = PolicyMatrix.Build(RepositoryFiles.SampleDirectory(), RepositoryFiles.SampleSet(), Now, new MatrixProbe());

        var text = PolicyMatrixRendering.ToText(matrix);
        var svg = XDocument.Parse(PolicyMatrixRendering.ToSvg(matrix));

        Assert.That(text, Does.Contain("from\\to"));
        Assert.That(text.Split('\n'), Has.Length.GreaterThanOrEqualTo(13));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.That(svg.Root!.Name, Is.EqualTo(ns + "svg"));
        Assert.That(svg.Descendants(ns + "rect").Count(), Is.GreaterThanOrEqualTo(11 * 11));
    }

    [Test]
    public void Diff_SamePolicy_NoChanges()
    {
        var th = Parse(Open("TH"));

        Assert.That(PolicyDiff.Compare(th, th, Agencies), Is.Empty);
    }

    [Test]
    public void Diff_LoweredTlpMaximum_ReportsDenialsOnly()
    {
        var before = Parse(Open("TH"));
        var lowered = Open("TH", 2);
        lowered["outbound"]![0]!["maxTlp"] = "AMBER";

        var changes = PolicyDiff.Compare(before, Parse(lowered), Agencies);

        Assert.That(changes, Is.Not.Empty);
        Assert.That(changes, Has.All.Matches<PolicyChange>(c => c.Direction == PolicyDirection.Outbound && c.PermitsLess && !c.PermitsMore));
        Assert.That(changes[0].Before, Does.Contain("TLP:RED/secret"));
        Assert.That(changes[0].After, Does.Contain("TLP:AMBER/secret"));
    }

    [Test]
    public void Diff_NewRuleForOnePeer_ReportsPermitsForThatPeerOnly()
    {
        var before = Document("TH", 1, "2026-01-01T00:00:00Z", [], []);
        var after = Document("TH", 2, "2026-02-01T00:00:00Z",
            [Obj("{'id':'to-mvd','effect':'allow','to':{'agencies':['RU-MVD']},'categories':['precursors'],'maxTlp':'AMBER','maxClassification':'restricted','requireHandling':['H0']}")], []);

        var changes = PolicyDiff.Compare(Parse(before), Parse(after), Agencies);
        var text = PolicyDiff.Describe(changes, Parse(before), Parse(after));

        Assert.That(changes.Select(c => c.Peer).Distinct(), Is.EqualTo(new[] { RuMvd }));
        Assert.That(changes.Select(c => c.Category).Distinct(), Is.EqualTo(new[] { Category.Precursors }));
        Assert.That(changes, Has.All.Matches<PolicyChange>(c => c.PermitsMore && !c.PermitsLess));
        Assert.That(text, Does.Contain("+ PERMITS (outbound)"));
        Assert.That(text, Does.Contain("nothing without handling codes, up to TLP:AMBER/restricted with H0-H3"));
    }

    [Test]
    public void Diff_DifferentCountries_Refused()
    {
        Assert.That(() => PolicyDiff.Compare(Parse(Open("TH")), Parse(Open("RU")), Agencies), Throws.InvalidOperationException);
    }
}
