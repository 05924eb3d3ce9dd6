using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;

namespace Broker.Gateway.Tests.Alerts;

/// <summary>
/// Issue 12 item 7 at the agency-system boundary: the schema's patterns ended in "$", which .NET (JsonSchema.Net) also matches
/// before a final "\n", so an alert could carry "personal.identity\n" as a data class or "SG-CNB\n" as an addressee.
/// </summary>
public class TrailingNewlineIdentifierTests
{
    [Test]
    public void TryValidate_DataClassWithTrailingNewline_IsASchemaViolation()
    {
        var alert = Samples.Node();
        alert["entities"]!["phones"]![0]!["dataClass"] = "personal.identity\n";
        AssertSchemaViolation(alert, "/entities/phones/0/dataClass");
    }

    [Test]
    public void TryValidate_AddresseeWithTrailingNewline_IsASchemaViolation()
    {
        var alert = Samples.Node();
        alert["addressing"] = new JsonObject { ["agencies"] = new JsonArray("SG-CNB\n") };
        AssertSchemaViolation(alert, "/addressing");
    }

    private static void AssertSchemaViolation(JsonObject alert, string at)
    {
        var ok = Samples.Validator().TryValidate(Samples.Utf8(alert), out var validated, out var rejection);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(validated, Is.Null);
            Assert.That(rejection!.Code, Is.EqualTo(AlertRejectCode.SchemaViolation), rejection.Reason);
            Assert.That(rejection.Reason, Does.Contain(at));
        }
    }
}
