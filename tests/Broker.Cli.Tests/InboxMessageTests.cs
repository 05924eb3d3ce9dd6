using System.Text;
using Broker.Cli.Agency;

namespace Broker.Cli.Tests;

public sealed class InboxMessageTests
{
    private const string AlertId = "01a222c6-e90d-7d2a-a43c-abe71f223a50";

    [Test]
    public void Print_DeliveredAlert_ShowsTheWrappedAlertAndItsVerification()
    {
        var message = Message("alert.delivered", """
            {"broker":{"envelopeId":"e1","sender":"TH-ONCB","verification":{"result":"verified","signature":"ed25519+ml-dsa-65"},"withheldDataClasses":["personal.identity"]},
             "alert":{"id":"ALERT_ID","origin":{"agency":"TH-ONCB"},"category":"drug-trafficking","priority":"urgent","tlp":"AMBER","title":"Shipment","summary":"Courier","entities":{"persons":[{}]}}}
            """.Replace("ALERT_ID", AlertId, StringComparison.Ordinal));
        var output = Print(message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.AlertId, Is.EqualTo(AlertId));
            Assert.That(output, Does.Contain($"alert {AlertId} from TH-ONCB"));
            Assert.That(output, Does.Contain("signature verified (ed25519+ml-dsa-65)"));
            Assert.That(output, Does.Contain("withheld data classes: personal.identity"));
        }
    }

    [Test]
    public void Concerns_RoutingReceipt_MatchesByAlertIdAndSettlesTheWait()
    {
        var message = Message("receipt.routing", $$"""{"alertId":"{{AlertId}}","outcome":"routed","deliveredTo":["RU-MVD"],"withheld":[]}""");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Concerns(AlertId), Is.True);
            Assert.That(message.Concerns("another"), Is.False);
            Assert.That(message.Settles, Is.True);
            Assert.That(Print(message), Does.Contain("delivered to RU-MVD"));
        }
    }

    [TestCase("sealed", null)]
    [TestCase("dry-run", true)]
    [TestCase("refused", false)]
    [TestCase("nothing-to-send", false)]
    public void Settles_SharingNotice_DependsOnItsOutcome(string outcome, bool? expected)
    {
        var message = Message("sharing.notice", $$"""{"alertId":"{{AlertId}}","outcome":"{{outcome}}","recipients":[]}""");
        Assert.That(message.Settles, Is.EqualTo(expected));
    }

    [Test]
    public void Print_RejectedNotJson_ShowsTheReasonWithoutTheBody()
    {
        var message = new InboxMessage("alert.rejected", "m1", AlertId, "schema-invalid", "title is required", Encoding.UTF8.GetBytes("<garbage secret>"));
        var output = Print(message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Settles, Is.False);
            Assert.That(output, Does.Contain("rejected: schema-invalid: title is required"));
            Assert.That(output, Does.Contain("not JSON"));
            Assert.That(output, Does.Not.Contain("garbage secret"));
        }
    }

    private static InboxMessage Message(string type, string json) => new(type, "m1", null, null, null, Encoding.UTF8.GetBytes(json));

    private static string Print(InboxMessage message)
    {
        using var writer = new StringWriter();
        message.Print(writer);
        return writer.ToString();
    }
}
