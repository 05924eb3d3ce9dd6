using System.Text;
using Broker.Gateway.Inbound;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Inbound;

/// <summary>
/// Crashes found by the opened-view fuzz target (tests/Broker.Fuzz, deploy/fuzz.sh opened-view): a view's plaintext is whatever
/// the (validly signed) sender sealed, and the recipient's conformance check threw on it instead of answering.
/// </summary>
public class ViewConformanceFuzzRegressionTests
{
    private static readonly EnvelopeHeader AlertHeader = new()
    {
        Suite = 1,
        Sender = AgencyId.Parse("TH-ONCB"),
        SenderKeyId = KeyId.FromBytes(new byte[16]),
        Id = EnvelopeId.New(),
        Kind = MessageKind.Alert,
        Created = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
        Expires = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
        Category = Category.DrugTrafficking,
        Priority = Priority.Routine,
        Tlp = Tlp.Amber,
        Classification = Classification.Restricted,
        Handling = HandlingCodes.None,
        Broadcast = false,
        Recipients = [],
        Views = [],
    };

    // JsonNode.Parse accepts a property name holding a byte that is not UTF-8 (0xF3 with no continuation bytes) and throws
    // InvalidOperationException only when the walk decodes the name; the check caught JsonException only.
    [Test]
    public void Check_InvalidUtf8InAName_WithheldWholeNotThrown()
    {
        var view = Encoding.UTF8.GetBytes("""{"Xitle": "something", "subjects": [{"dataClass": "personal.identity"}]}""");
        view[2] = 0xF3;

        AssertWithheldWhole(view);
    }

    // A name twice in one object: JsonObject throws ArgumentException when the walk first enumerates it.
    [Test]
    public void Check_DuplicateName_WithheldWholeNotThrown()
    {
        var view = """{"title": "a", "title": "b", "subjects": [{"dataClass": "personal.identity"}]}"""u8.ToArray();

        AssertWithheldWhole(view);
    }

    // A data-class tag holding a lone surrogate escape: reading it as a string throws InvalidOperationException.
    [Test]
    public void Check_LoneSurrogateInATag_WithheldWholeNotThrown()
    {
        var view = """{"title": "a", "subjects": [{"dataClass": "\ud800"}]}"""u8.ToArray();

        AssertWithheldWhole(view);
    }

    // The tags read fine and one is not claimed, but a lone surrogate elsewhere made the redactor throw writing the view back.
    [Test]
    public void Check_LoneSurrogateOutsideTheTags_WithheldWholeNotThrown()
    {
        var view = """{"title": "\udc00", "subjects": [{"dataClass": "personal.identity"}]}"""u8.ToArray();

        var violation = AssertWithheldWhole(view);

        Assert.That(violation.Unexpected, Does.Contain("personal.identity"));
    }

    // Fails closed: a view whose tags cannot be checked is flagged and replaced by an empty object, never delivered as sent.
    private static ViewViolation AssertWithheldWhole(byte[] view)
    {
        var violation = ViewConformance.Check(new OpenedEnvelope(AlertHeader, 0, [DataClass.OperationalGeneral], view));

        Assert.That(violation, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(violation!.Unexpected, Does.Contain(ViewViolation.UnreadableLabel));
            Assert.That(Encoding.UTF8.GetString(violation.StrippedView), Is.EqualTo("{}"));
        }

        return violation;
    }
}
