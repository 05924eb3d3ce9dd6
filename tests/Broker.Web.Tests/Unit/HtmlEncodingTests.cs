using System.Text.Json.Nodes;
using Broker.Web.Pages;

namespace Broker.Web.Tests.Unit;

public sealed class HtmlEncodingTests
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

    [Test]
    public void E_MarkupCharacters_Encoded()
    {
        var encoded = Html.E(Hostile);
        Assert.That(encoded, Does.Not.Contain("<").And.Not.Contain(">").And.Not.Contain("\"").And.Not.Contain("'"));
    }

    [Test]
    public void Node_HostileKeysAndValues_NoMarkupSurvives()
    {
        var node = new JsonObject { [Hostile] = new JsonArray(Hostile, new JsonObject { ["x"] = Hostile }) };
        var html = AlertRendering.Node(node);
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<img"));
    }

    [Test]
    public void TlpBanner_UnknownMarking_ShownAsRedAndEncoded()
    {
        var html = AlertRendering.TlpBanner("<b>x</b>");
        Assert.That(html, Does.Contain("tlp-RED").And.Not.Contain("<b>"));
    }

    [Test]
    public void Chart_HostileLabel_Encoded() =>
        Assert.That(DashboardPage.Chart(Hostile, [(Hostile, 3)]), Does.Not.Contain("<script"));

    [TestCase("H1", "evidence")]
    [TestCase("H2", "passed on")]
    [TestCase("H9", "Unknown")]
    public void HandlingWords_Code_PlainWords(string code, string expected) =>
        Assert.That(AlertRendering.HandlingWords(code), Does.Contain(expected));
}
