using System.Text.Json.Nodes;
using Broker.Gateway.Outbound;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Inbound;

/// <summary>A view that carries data classes its signed header does not claim: stripped, flagged, stored marked, reported to the sender.</summary>
public partial class DeliveryHandlerTests
{
    private static readonly DataClass[] ClaimedOperational = [DataClass.OperationalGeneral, DataClass.OperationalLocation];
    private static readonly string[] InvalidOnly = ["(invalid data class)"];
    private static readonly DataClass[] AllSampleClasses =
    [
        DataClass.OperationalGeneral, DataClass.OperationalLocation, DataClass.PersonalIdentity, DataClass.PersonalDocument,
        DataClass.PersonalBiometric, DataClass.PersonalContact, DataClass.FinancialCrypto, DataClass.OperationalSource,
    ];

    private static readonly string[] UnexpectedInSample =
        ["financial.crypto", "operational.source", "personal.biometric", "personal.contact", "personal.document", "personal.identity"];

    public static IEnumerable<TestCaseData> Violations()
    {
        yield return new TestCaseData(ClaimedOperational, null, UnexpectedInSample).SetName("HandleAsync_ViewWithUndeclaredPersonalData_StrippedFlaggedAndReported");
        yield return new TestCaseData(AllSampleClasses, "Not A Class", InvalidOnly).SetName("HandleAsync_ViewWithATagThatIsNotADataClass_StrippedFlaggedAndReported");
    }

    [TestCaseSource(nameof(Violations))]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ViewCarriesUndeclaredClasses_UnexpectedObjectsNeverReachTheAgency(
        DataClass[] claimed, string? badTag, string[] unexpected, CancellationToken cancellationToken)
    {
        var (id, envelope) = SealLying(claimed, badTag);
        var disposition = await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var published = JsonNode.Parse(_agency.Messages.Single().Body.Span)!;
        var alert = published["alert"]!;
        var receipt = JsonNode.Parse((await _store.FindOutboxAsync(DeliveryReceiptSealer.OutboxKey(id), cancellationToken))!.AlertJson)!;
        var presentAfter = Broker.Gateway.Alerts.AlertRedactor.ClassesPresent(System.Text.Encoding.UTF8.GetBytes(alert.ToJsonString()));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(published["broker"]!["policyViolation"]!["unexpectedDataClasses"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(unexpected));
            Assert.That(published["broker"]!["policyViolation"]!["action"]!.GetValue<string>(), Is.EqualTo("stripped"));
            Assert.That(presentAfter, Is.SubsetOf(claimed), "only the claimed classes reach the agency system");
            Assert.That(alert.ToJsonString(), Does.Not.Contain("Not A Class"));
            Assert.That(alert["title"]!.GetValue<string>(), Is.EqualTo(Samples.Node()["title"]!.GetValue<string>()), "the rest of the alert is delivered");
            Assert.That(await _store.FindInboxViolationAsync(id.ToString(), cancellationToken), Is.EqualTo(string.Join(", ", unexpected)));
            Assert.That(receipt["policyViolation"]!["unexpectedDataClasses"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(unexpected));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ViewMatchesItsHeader_NoViolationRecorded(CancellationToken cancellationToken)
    {
        var (id, envelope) = Seal(["RU-MVD"], withholdFromView: [DataClass.PersonalIdentity]);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var published = JsonNode.Parse(_agency.Messages.Single().Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(published["broker"]!.AsObject().ContainsKey("policyViolation"), Is.False);
            Assert.That(await _store.FindInboxViolationAsync(id.ToString(), cancellationToken), Is.Null);
        }
    }

    /// <summary>An envelope whose only view claims <paramref name="claimed"/> but holds the full sample alert (plus a bad tag when given).</summary>
    private (EnvelopeId Id, byte[] Envelope) SealLying(DataClass[] claimed, string? badTag)
    {
        var alert = Samples.Node();
        if (badTag is not null)
        {
            alert["notes"] = new JsonArray(new JsonObject { ["dataClass"] = badTag, ["text"] = "tagged with something that is not a data class" });
        }

        var id = EnvelopeId.New();
        var request = new SealRequest
        {
            Id = id,
            Created = Samples.Now,
            Expires = Samples.Now.AddDays(7),
            Category = Category.DrugTrafficking,
            Priority = Priority.Urgent,
            Tlp = Tlp.Amber,
            Handling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent,
            Views = [new ViewContent([.. claimed.OrderBy(c => c.Value, StringComparer.Ordinal)], Samples.Utf8(alert))],
            Recipients = [new RecipientSpec(AgencyId.Parse("RU-MVD"), 0, _network.Keys["RU-MVD"].Encryption.PublicKey)],
        };
        return (id, Envelope.Seal(request, _network.Keys["TH-ONCB"]));
    }
}
