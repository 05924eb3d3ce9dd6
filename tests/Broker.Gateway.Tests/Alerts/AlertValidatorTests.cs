using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Alerts;

namespace Broker.Gateway.Tests.Alerts;

public class AlertValidatorTests
{
    private static readonly string[] Addressed = ["RU-MVD", "MY-PDRM"];

    private static IEnumerable<string> SampleFiles() => Samples.AlertFiles();

    [TestCaseSource(nameof(SampleFiles))]
    public void TryValidate_DemoSample_Accepted(string file)
    {
        var ok = Samples.Validator(Samples.OriginOf(file).Value).TryValidate(Samples.Bytes(file), out var alert, out var rejection);
        Assert.That(ok, Is.True, rejection?.Reason);
        Assert.That(alert!.Alert.Origin, Is.EqualTo(Samples.OriginOf(file)));
    }

    [Test]
    public void TryValidate_Sample_MapsTheFacts()
    {
        Samples.Validator().TryValidate(Samples.Bytes(Samples.ThOncb), out var alert, out _);
        var facts = alert!.Alert;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(facts.Id, Is.EqualTo(Guid.Parse("6f1c2a9e-4b7d-4c1e-9a53-2d8e0f7b1a01")));
            Assert.That(facts.Tlp, Is.EqualTo(Broker.Protocol.Vocabulary.Tlp.Amber));
            Assert.That(facts.Handling, Is.EqualTo(Broker.Protocol.Vocabulary.HandlingCodes.H0CrimeFightingOnly | Broker.Protocol.Vocabulary.HandlingCodes.H2NoOnwardWithoutConsent));
            Assert.That(facts.Addressing.Agencies.Select(a => a.Value), Is.EqualTo(Addressed));
            Assert.That(facts.Addressing.Broadcast, Is.False);
        }
    }

    [Test]
    public void TryValidate_EmptyBody_RejectsWithEmptyBody() =>
        AssertRejected([], AlertRejectCode.EmptyBody, "empty");

    [Test]
    public void TryValidate_TenMegabyteBody_RejectsWithBodyTooLargeBeforeParsing()
    {
        // Not JSON at all: a size refusal proves the cap is checked before the parser runs.
        var body = new byte[10 * 1024 * 1024];
        AssertRejected(body, AlertRejectCode.BodyTooLarge, "10485760 bytes");
    }

    [Test]
    public void TryValidate_NotJson_RejectsWithNotJson() =>
        AssertRejected(Encoding.UTF8.GetBytes("<alert>hello</alert>"), AlertRejectCode.NotJson, "not valid");

    [Test]
    public void TryValidate_InvalidUtf8_RejectsWithNotJson() =>
        AssertRejected([0x22, 0xC3, 0x28, 0x22], AlertRejectCode.NotJson, "not valid");

    [Test]
    public void TryValidate_DeeplyNestedJson_RejectsWithNestingTooDeep()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
        AssertRejected(body, AlertRejectCode.NestingTooDeep, "deeper than 16");
    }

    [Test]
    public void TryValidate_JsonArrayInsteadOfObject_RejectsWithSchemaViolation() =>
        AssertRejected(Encoding.UTF8.GetBytes("[1,2,3]"), AlertRejectCode.SchemaViolation, "type");

    [TestCase("title", "title")]
    [TestCase("addressing", "addressing")]
    [TestCase("tlp", "tlp")]
    public void TryValidate_MissingRequiredField_NamesTheField(string field, string expected)
    {
        var alert = Samples.Node();
        alert.Remove(field);
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, expected);
    }

    [Test]
    public void TryValidate_UnknownProperty_RejectsAtTheRoot()
    {
        var alert = Samples.Node();
        alert["smuggled"] = "x";
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/smuggled: property not allowed");
    }

    [Test]
    public void TryValidate_UnknownTlp_RejectsAtTlp()
    {
        var alert = Samples.Node();
        alert["tlp"] = "WHITE";
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/tlp");
    }

    [Test]
    public void TryValidate_H3WithoutRestrictions_RejectsAtHandling()
    {
        var alert = Samples.Node();
        alert["handling"] = new JsonObject { ["codes"] = new JsonArray("H0", "H3") };
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/handling");
    }

    [Test]
    public void TryValidate_BroadcastAndNamedAgencies_RejectsAtAddressing()
    {
        var alert = Samples.Node();
        alert["addressing"] = new JsonObject { ["broadcast"] = true, ["agencies"] = new JsonArray("RU-MVD") };
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/addressing");
    }

    [Test]
    public void TryValidate_EmptyAddressing_RejectsAtAddressing()
    {
        var alert = Samples.Node();
        alert["addressing"] = new JsonObject();
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/addressing");
    }

    [Test]
    public void TryValidate_TitleOverMaxLength_RejectsAtTitle()
    {
        var alert = Samples.Node();
        alert["title"] = new string('x', 201);
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/title");
    }

    [Test]
    public void TryValidate_TooManyPersons_RejectsAtPersons()
    {
        var alert = Samples.Node();
        var persons = new JsonArray();
        for (var i = 0; i < 101; i++)
        {
            persons.Add(new JsonObject { ["dataClass"] = "personal.identity", ["ref"] = $"p{i}", ["role"] = "suspect" });
        }

        alert["entities"]!["persons"] = persons;
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/entities/persons");
    }

    [Test]
    public void TryValidate_EntityWithoutDataClass_RejectsAtTheEntity()
    {
        var alert = Samples.Node();
        alert["entities"]!["phones"]![0]!.AsObject().Remove("dataClass");
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/entities/phones/0");
    }

    [Test]
    public void TryValidate_BadDataClassShape_RejectsAtTheEntity()
    {
        var alert = Samples.Node();
        alert["entities"]!["phones"]![0]!["dataClass"] = "Personal Contact";
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/entities/phones/0/dataClass");
    }

    [Test]
    public void TryValidate_NotAUuid_RejectsAtId()
    {
        var alert = Samples.Node();
        alert["id"] = "alert-42";
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.SchemaViolation, "/id");
    }

    [Test]
    public void TryValidate_OtherAgencysOrigin_RejectsWithWrongOrigin() =>
        AssertRejected(Samples.Bytes(Samples.ThOncb), AlertRejectCode.WrongOrigin, "RU-MVD", origin: "RU-MVD");

    [Test]
    public void TryValidate_ExpiresBeforeCreated_RejectsWithExpiresBeforeCreated()
    {
        var alert = Samples.Node();
        alert["expires"] = "2026-11-27T08:00:00Z";
        AssertRejected(Samples.Utf8(alert), AlertRejectCode.ExpiresBeforeCreated, "/expires");
    }

    [Test]
    public void TryValidate_AfterExpiry_RejectsWithExpired() =>
        AssertRejected(Samples.Bytes(Samples.ThOncb), AlertRejectCode.Expired, "past", now: new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));

    [Test]
    public void TryValidate_CreatedAnHourAhead_RejectsWithCreatedInFuture() =>
        AssertRejected(Samples.Bytes(Samples.ThOncb), AlertRejectCode.CreatedInFuture, "future", now: new DateTimeOffset(2026, 11, 28, 6, 59, 0, TimeSpan.Zero));

    [Test]
    public void Rejection_LongReason_IsCappedForHeaders()
    {
        var rejection = AlertRejection.Of(AlertRejectCode.SchemaViolation, new string('r', 5000));
        Assert.That(rejection.Reason, Has.Length.EqualTo(AlertRejection.MaxReasonLength));
    }

    private static void AssertRejected(byte[] body, AlertRejectCode code, string reasonContains, string origin = "TH-ONCB", DateTimeOffset? now = null)
    {
        var ok = Samples.Validator(origin, now).TryValidate(body, out var alert, out var rejection);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(alert, Is.Null);
            Assert.That(rejection!.Code, Is.EqualTo(code), rejection.Reason);
            Assert.That(rejection.Reason, Does.Contain(reasonContains));
            Assert.That(rejection.WireCode, Is.Not.EqualTo("unknown"));
        }
    }
}
