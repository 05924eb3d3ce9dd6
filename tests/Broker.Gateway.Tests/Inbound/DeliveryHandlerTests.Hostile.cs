using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.Inbound;
using Broker.Gateway.Outbound;
using Broker.Gateway.Storage;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Tests.Inbound;

/// <summary>
/// The hostile suite of the hub → recipient gateway boundary (issue 12): a partner agency holding valid keys seals a view
/// that breaks a rule. Each is quarantined with its stable code, acked, never published or stored as delivered, logged in
/// the refused table, and answered with one signed "not delivered" receipt naming the code.
/// </summary>
public partial class DeliveryHandlerTests
{
    private const string Thailand = "TH-ONCB";
    private const string Malaysia = "MY-PDRM";

    private const HandlingCodes SampleHandling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent;

    private static readonly string[] RequiredMembers =
        ["schemaVersion", "id", "created", "expires", "origin", "category", "priority", "tlp", "classification", "handling", "title", "summary", "addressing"];

    private static readonly string[] TopMembers =
        ["schemaVersion", "id", "created", "expires", "inReplyTo", "action", "origin", "category", "priority", "tlp", "classification", "handling", "evaluation",
         "requestedAction", "title", "summary", "notes", "addressing", "entities"];

    public static IEnumerable<TestCaseData> WrongTypes()
    {
        JsonNode?[] values = [JsonValue.Create(12345), JsonValue.Create("x"), new JsonArray(), new JsonObject(), JsonValue.Create(true)];
        var names = new[] { "number", "string", "array", "object", "bool" };
        foreach (var member in TopMembers)
        {
            for (var i = 0; i < values.Length; i++)
            {
                // Skip the replacements that are of the member's own type and may be valid (a title "x", empty entities).
                if ((names[i] == "string" && member is "title" or "summary")
                    || (names[i] == "object" && member is "entities" or "evaluation" or "requestedAction" or "addressing")
                    || (names[i] == "array" && member is "notes"))
                {
                    continue;
                }

                yield return new TestCaseData(member, i).SetName($"HandleAsync_Member_{member}_As_{names[i]}_QuarantinedAsSchemaViolation");
            }
        }
    }

    [TestCaseSource(nameof(WrongTypes))]
    [CancelAfter(20_000)]
    public async Task HandleAsync_MemberOfTheWrongType_QuarantinedAsSchemaViolation(string member, int which, CancellationToken cancellationToken)
    {
        JsonNode?[] values = [JsonValue.Create(12345), JsonValue.Create("x"), new JsonArray(), new JsonObject(), JsonValue.Create(true)];
        var view = SampleView(Thailand);
        view[member] = values[which];
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.SchemaViolation, cancellationToken);
    }

    [TestCaseSource(nameof(RequiredMembers))]
    [CancelAfter(20_000)]
    public async Task HandleAsync_RequiredMemberMissing_QuarantinedAsSchemaViolation(string member, CancellationToken cancellationToken)
    {
        var view = SampleView(Thailand);
        view.Remove(member);
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.SchemaViolation, cancellationToken);
    }

    [TestCase("{\"unknown\":1}", InboundRejectCode.SchemaViolation, TestName = "HandleAsync_AdditionalMember_QuarantinedAsSchemaViolation")]
    [TestCase("\"action\"", InboundRejectCode.SchemaViolation, TestName = "HandleAsync_ActionAsAString_QuarantinedAsSchemaViolation")]
    [TestCase("7", InboundRejectCode.SchemaViolation, TestName = "HandleAsync_NumericInReplyTo_QuarantinedAsSchemaViolation")]
    [TestCase("[1]", InboundRejectCode.SchemaViolation, TestName = "HandleAsync_ViewIsAnArray_QuarantinedAsSchemaViolation")]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ShapeViolation_Quarantined(string what, string code, CancellationToken cancellationToken)
    {
        var view = SampleView(Thailand);
        byte[] bytes = what switch
        {
            "{\"unknown\":1}" => Samples.Utf8(Set(view, "unknown", 1)),
            "\"action\"" => Samples.Utf8(Set(view, "action", "x")),
            "7" => Samples.Utf8(Set(view, "inReplyTo", 7)),
            _ => Encoding.UTF8.GetBytes(what),
        };
        var (id, envelope) = SealView(Thailand, bytes);
        await AssertQuarantinedAsync(id, envelope, code, cancellationToken);
    }

    [TestCase("title", TestName = "HandleAsync_DuplicateKey_QuarantinedAndAckedNotThrown")]
    [TestCase("\\u0074itle", TestName = "HandleAsync_DuplicateKeyWrittenWithAnEscape_QuarantinedAsDuplicate")]
    [CancelAfter(20_000)]
    public async Task HandleAsync_DuplicateKey_Quarantined(string firstKey, CancellationToken cancellationToken)
    {
        var json = Samples.Node().ToJsonString();
        var doubled = "{\"" + firstKey + "\":\"Forged first title\"," + json[1..];
        var (id, envelope) = SealView(Thailand, Encoding.UTF8.GetBytes(doubled));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.DuplicateKey, cancellationToken);
    }

    public static IEnumerable<TestCaseData> UnreadableViews()
    {
        TestCaseData Text(string text, string name) => new TestCaseData(Encoding.UTF8.GetBytes(text), InboundRejectCode.NotJson).SetName(name);
        yield return Text("{\"title\":\"\\ud800x\"}", "HandleAsync_LoneSurrogateEscape_QuarantinedAsNotJson");
        yield return Text("{\"title\":", "HandleAsync_TruncatedJson_QuarantinedAsNotJson");
        yield return Text("not json at all", "HandleAsync_NotJson_QuarantinedAsNotJson");
        yield return Text("{} {}", "HandleAsync_TwoDocuments_QuarantinedAsNotJson");
        yield return new TestCaseData(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, InboundRejectCode.NotJson)
            .SetName("HandleAsync_InvalidUtf8_QuarantinedAsNotJson");
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        yield return new TestCaseData(Encoding.UTF8.GetBytes(deep), InboundRejectCode.NestingTooDeep).SetName("HandleAsync_NestedDeeperThanTheCap_QuarantinedAsTooDeep");
    }

    [TestCaseSource(nameof(UnreadableViews))]
    [CancelAfter(20_000)]
    public async Task HandleAsync_UnreadableView_Quarantined(byte[] bytes, string code, CancellationToken cancellationToken)
    {
        var (id, envelope) = SealView(Thailand, bytes, claimed: []);
        await AssertQuarantinedAsync(id, envelope, code, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_PlaintextOriginDiffersFromTheSignedSender_QuarantinedAsOriginMismatch(CancellationToken cancellationToken)
    {
        // Malaysia seals, with its own valid keys, a view claiming to come from Thailand.
        var (id, envelope) = SealView(Malaysia, Samples.Utf8(SampleView(Thailand)));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.OriginMismatch, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_PlaintextClassificationBelowTheSignedOne_QuarantinedAsMarkingsMismatch(CancellationToken cancellationToken)
    {
        // The web client filters by clearance on the stored classification: the plaintext may not lower the signed one.
        var view = Set(SampleView(Thailand), "classification", "unclassified");
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.MarkingsMismatch, cancellationToken);
    }

    [TestCase(MessageKind.PermissionGrant, null, TestName = "HandleAsync_GrantKindWithoutAnAction_QuarantinedAsKindMismatch")]
    [TestCase(MessageKind.Reply, "grant", TestName = "HandleAsync_ReplyKindCarryingAGrant_QuarantinedAsKindMismatch")]
    [TestCase(MessageKind.Acknowledgement, "reply", TestName = "HandleAsync_AcknowledgementKindCarryingAReply_QuarantinedAsKindMismatch")]
    [CancelAfter(20_000)]
    public async Task HandleAsync_HeaderKindDisagreesWithTheAction_Quarantined(MessageKind kind, string? action, CancellationToken cancellationToken)
    {
        var view = action is null ? SampleView(Thailand) : ActionView(Thailand, action, Guid.NewGuid());
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view), kind: kind);
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.KindMismatch, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ActionWithoutInReplyTo_Quarantined(CancellationToken cancellationToken)
    {
        var view = ActionView(Thailand, "reply", Guid.NewGuid());
        view.Remove("inReplyTo");
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.ActionWithoutAlert, cancellationToken);
    }

    // Russia received Thailand's alert and asked Thailand for evidential use. Malaysia answering "granted" in Thailand's
    // place is forged; Thailand granting a request nobody made is out of place. Neither joins the alert's thread.
    [TestCase(Malaysia, true, MessageKind.PermissionGrant, InboundRejectCode.GrantNotFromOriginator, TestName = "HandleAsync_ForgedGrantFromAnAgencyThatIsNotTheOriginator_QuarantinedAndNotThreaded")]
    [TestCase(Thailand, false, MessageKind.Alert, InboundRejectCode.GrantWithoutRequest, TestName = "HandleAsync_GrantFromTheOriginatorWithoutARequest_Quarantined")]
    [CancelAfter(20_000)]
    public async Task HandleAsync_GrantOutOfPlace_QuarantinedAndNotThreaded(string sender, bool answersOurRequest, MessageKind kind, string code, CancellationToken cancellationToken)
    {
        var (alertId, requestId) = await ReceivedAlertWithOurRequestAsync(cancellationToken);
        var grant = ActionView(sender, "grant", alertId, answersOurRequest ? requestId : Guid.NewGuid());
        var (id, envelope) = SealView(sender, Samples.Utf8(grant), kind: kind);
        await AssertQuarantinedAsync(id, envelope, code, cancellationToken, alreadyPublished: 1);
        Assert.That(await ThreadCountAsync(alertId), Is.Zero);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_GrantFromTheOriginatorAnsweringOurRequest_DeliveredAndThreaded(CancellationToken cancellationToken)
    {
        var (alertId, requestId) = await ReceivedAlertWithOurRequestAsync(cancellationToken);
        var grant = ActionView(Thailand, "grant", alertId, requestId);
        var (_, envelope) = SealView(Thailand, Samples.Utf8(grant), kind: MessageKind.PermissionGrant);
        var disposition = await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Has.Count.EqualTo(2));
            Assert.That(await _store.RefusedReasonsAsync(cancellationToken), Is.Empty);
            Assert.That(await ThreadCountAsync(alertId), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ReplyFromAnAgencyNotPartyToTheAlert_QuarantinedAsOutOfPlace(CancellationToken cancellationToken)
    {
        var ours = await SentAlertAsync(Thailand, cancellationToken);
        var reply = ActionView(Malaysia, "reply", ours);
        var (id, envelope) = SealView(Malaysia, Samples.Utf8(reply));
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.ActionOutOfPlace, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ReplyFromARecipientOfOurAlert_DeliveredAndThreaded(CancellationToken cancellationToken)
    {
        var ours = await SentAlertAsync(Thailand, cancellationToken);
        var (_, envelope) = SealView(Thailand, Samples.Utf8(ActionView(Thailand, "reply", ours)), kind: MessageKind.Reply);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        Assert.That(await ThreadCountAsync(ours), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_PlainAlertNamingAnAlertItsSenderWasNotPartyTo_DeliveredButNotThreaded(CancellationToken cancellationToken)
    {
        var ours = await SentAlertAsync(Thailand, cancellationToken);
        var view = Set(SampleView(Malaysia), "inReplyTo", ours.ToString("D"));
        var (_, envelope) = SealView(Malaysia, Samples.Utf8(view));
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_agency.Messages, Has.Count.EqualTo(1), "an alert that answers another is still intelligence");
            Assert.That(await ThreadCountAsync(ours), Is.Zero);
        }
    }

    /// <summary>Issue 12 item 14: the data-class check applies to every kind, not only to alerts.</summary>
    [TestCase(MessageKind.Reply, "reply")]
    [TestCase(MessageKind.Acknowledgement, "acknowledge")]
    [TestCase(MessageKind.EvidenceRequest, "request-evidence-use")]
    [TestCase(MessageKind.OnwardRequest, "request-onward-sharing")]
    [CancelAfter(20_000)]
    public async Task HandleAsync_ActionKindCarryingUndeclaredPersonalData_Stripped(MessageKind kind, string action, CancellationToken cancellationToken)
    {
        var ours = await SentAlertAsync(Thailand, cancellationToken);
        var view = ActionView(Thailand, action, ours);
        view["entities"] = Samples.Node()["entities"]!.DeepClone();
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view), kind: kind, claimed: [DataClass.OperationalGeneral]);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var published = JsonNode.Parse(_agency.Messages.Single().Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(published["alert"]!.ToJsonString(), Does.Not.Contain("personal.identity"));
            Assert.That(published["broker"]!["policyViolation"]!["action"]!.GetValue<string>(), Is.EqualTo("stripped"));
            Assert.That(await _store.FindInboxViolationAsync(id.ToString(), cancellationToken), Does.Contain("personal.identity"));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_UnsolicitedDeliveryReceiptCarryingAnAlert_QuarantinedWithoutAnAnswer(CancellationToken cancellationToken)
    {
        var (id, envelope) = SealView(Thailand, Samples.Utf8(SampleView(Thailand)), kind: MessageKind.DeliveryReceipt, inReplyTo: EnvelopeId.New());
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.ReceiptMalformed, cancellationToken, answered: false);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_WellFormedReceiptForAnEnvelopeWeNeverSent_QuarantinedAsOutOfPlace(CancellationToken cancellationToken)
    {
        var about = EnvelopeId.New();
        var body = DeliveryReceiptSealer.Compose(Header(about), AgencyId.Parse(Thailand), Samples.Now);
        var (id, envelope) = SealView(Thailand, body, kind: MessageKind.DeliveryReceipt, inReplyTo: about, claimed: []);
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.ReceiptOutOfPlace, cancellationToken, answered: false);
    }

    /// <summary>Issue 12 item 16: a signed envelope addressed here whose stanza does not open is answered "not delivered".</summary>
    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_StanzaThatDoesNotOpen_RefusedAndAnsweredNotDelivered(CancellationToken cancellationToken)
    {
        var (id, envelope) = Seal(["RU-MVD"]);
        envelope[^1] ^= 0x01; // the last byte of the only stanza's wrapped key: unsigned, so the signature still verifies
        var disposition = await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var reasons = await _store.RefusedReasonsAsync(cancellationToken);
        var receipt = await _store.FindOutboxAsync(DeliveryReceiptSealer.OutboxKey(id), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Is.Empty);
            Assert.That(reasons.Single(), Does.StartWith(InboundRejectCode.EnvelopePrefix));
            Assert.That(receipt, Is.Not.Null, "the sender is told");
            var json = JsonNode.Parse(receipt!.AlertJson)!;
            Assert.That(json["outcome"]!.GetValue<string>(), Is.EqualTo(DeliveryReceiptSealer.NotDelivered));
            Assert.That(json["reason"]!.GetValue<string>(), Is.EqualTo(reasons.Single()));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_UnsignedGarbage_RefusedWithoutAnAnswer(CancellationToken cancellationToken)
    {
        await _handler.HandleAsync(Delivery(new byte[300]), cancellationToken);
        Assert.That(await _store.CountOutboxAsync(OutboxState.Pending, cancellationToken), Is.Zero);
    }

    /// <summary>The sender's gateway takes a "not delivered" receipt for its own envelope and hands it to its agency system.</summary>
    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_NotDeliveredReceiptForOurEnvelope_ForwardedWithItsReason(CancellationToken cancellationToken)
    {
        var (ours, about, body) = await NotDeliveredReceiptForOurAlertAsync(cancellationToken);
        var (_, envelope) = SealView(Thailand, body, kind: MessageKind.NonDelivery, inReplyTo: about, claimed: []);
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var forwarded = JsonNode.Parse(_agency.Messages.Single().Body.Span)!;
        var sent = await new Broker.Gateway.ReadModel.GatewayReadModel(_path).FindSentAsync(ours, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent!.DeliveryReceipts.Single(), Is.EqualTo(new Broker.Gateway.ReadModel.DeliveryReceipt(Thailand, Samples.Now, false, InboundRejectCode.SchemaViolation)), "the sending officers see it");
            Assert.That(_agency.Messages[0].RoutingKey, Is.EqualTo("receipt.delivery"));
            Assert.That(forwarded["receipt"]!["outcome"]!.GetValue<string>(), Is.EqualTo("not-delivered"));
            Assert.That(forwarded["receipt"]!["reason"]!.GetValue<string>(), Is.EqualTo(InboundRejectCode.SchemaViolation));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HandleAsync_DeliveredReceiptKindClaimingNotDelivered_QuarantinedAsMalformed(CancellationToken cancellationToken)
    {
        // The header kind and the plaintext outcome must agree, so the audit log's record (the header) tells the truth.
        var (_, about, body) = await NotDeliveredReceiptForOurAlertAsync(cancellationToken);
        var (id, envelope) = SealView(Thailand, body, kind: MessageKind.DeliveryReceipt, inReplyTo: about, claimed: []);
        await AssertQuarantinedAsync(id, envelope, InboundRejectCode.ReceiptMalformed, cancellationToken, answered: false);
    }

    /// <summary>Issue 12 item 16: the "not delivered" answer is visible without keys, in the signed header the hub audits.</summary>
    [Test]
    [CancelAfter(20_000)]
    public async Task TrySeal_NotDeliveredReceipt_SignedHeaderSaysNonDeliveryOfTheOriginal(CancellationToken cancellationToken)
    {
        var view = Set(SampleView(Thailand), "classification", "unclassified");
        var (id, envelope) = SealView(Thailand, Samples.Utf8(view));
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var entry = await _store.FindOutboxAsync(DeliveryReceiptSealer.OutboxKey(id), cancellationToken);
        var sealer = new DeliveryReceiptSealer(_network.Keyring("RU-MVD"), _time);
        var ok = sealer.TrySeal(entry!.AlertJson, out var sealedReceipt, out _);
        Envelope.TryReadHeader(sealedReceipt!.Envelope, out var header, out _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(header!.Kind, Is.EqualTo(MessageKind.NonDelivery));
            Assert.That(header.InReplyTo, Is.EqualTo(id));
            Assert.That(header.Sender.Value, Is.EqualTo("RU-MVD"));
            Assert.That(header.Recipients.Single().Agency.Value, Is.EqualTo(Thailand));
        }
    }

    private async Task AssertQuarantinedAsync(
        EnvelopeId id, byte[] envelope, string code, CancellationToken cancellationToken, int alreadyPublished = 0, bool answered = true)
    {
        var disposition = await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var again = await _handler.HandleAsync(Delivery(envelope, redelivered: true), cancellationToken);
        var reasons = await _store.RefusedReasonsAsync(cancellationToken);
        var receipt = await _store.FindOutboxAsync(DeliveryReceiptSealer.OutboxKey(id), cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition, Is.EqualTo(DeliveryDisposition.Ack), "acked, never requeued");
            Assert.That(again, Is.EqualTo(DeliveryDisposition.Ack));
            Assert.That(_agency.Messages, Has.Count.EqualTo(alreadyPublished), "nothing reaches the agency system");
            Assert.That(reasons, Is.EqualTo(new[] { code, code }));
            Assert.That(await _store.FindInboxMessageAsync(id.ToString(), cancellationToken), Is.Null, "nothing stored as delivered");
            if (answered)
            {
                var json = JsonNode.Parse(receipt!.AlertJson)!;
                Assert.That(json["outcome"]!.GetValue<string>(), Is.EqualTo(DeliveryReceiptSealer.NotDelivered));
                Assert.That(json["reason"]!.GetValue<string>(), Is.EqualTo(code));
            }
            else
            {
                Assert.That(receipt, Is.Null, "a receipt is never answered");
            }
        }
    }

    private async Task<int> ThreadCountAsync(Guid alertId)
    {
        var model = new Broker.Gateway.ReadModel.GatewayReadModel(_path);
        return (await model.ThreadAsync(alertId.ToString("D"))).Received.Count;
    }

    /// <summary>Russia received Thailand's sample alert and sent Thailand a request for evidential use of it.</summary>
    private async Task<(Guid AlertId, Guid RequestId)> ReceivedAlertWithOurRequestAsync(CancellationToken cancellationToken)
    {
        var alert = SampleView(Thailand);
        var alertId = Guid.Parse(alert["id"]!.GetValue<string>());
        var (_, envelope) = SealView(Thailand, Samples.Utf8(alert));
        await _handler.HandleAsync(Delivery(envelope), cancellationToken);
        var request = ActionView("RU-MVD", "request-evidence-use", alertId);
        var requestId = Guid.Parse(request["id"]!.GetValue<string>());
        await _store.TryEnqueueAsync(requestId, Samples.Utf8(request), Samples.Now, cancellationToken);
        await _store.MarkSealedAsync(requestId, EnvelopeId.New().ToString(), [1], "TH-ONCB:0", cancellationToken: cancellationToken);
        return (alertId, requestId);
    }

    /// <summary>An alert Russia sent to <paramref name="recipient"/> (sealed).</summary>
    private async Task<Guid> SentAlertAsync(string recipient, CancellationToken cancellationToken)
    {
        var alert = SampleView("RU-MVD");
        var id = Guid.Parse(alert["id"]!.GetValue<string>());
        await _store.TryEnqueueAsync(id, Samples.Utf8(alert), Samples.Now, cancellationToken);
        await _store.MarkSealedAsync(id, EnvelopeId.New().ToString(), [1], recipient + ":0", cancellationToken: cancellationToken);
        return id;
    }

    private static JsonObject SampleView(string origin)
    {
        var view = Samples.Node();
        view["id"] = Guid.NewGuid().ToString("D");
        view["origin"]!["agency"] = origin;
        view["addressing"] = new JsonObject { ["agencies"] = new JsonArray("RU-MVD") };
        return view;
    }

    private static JsonObject ActionView(string origin, string action, Guid about, Guid? requestId = null)
    {
        var view = SampleView(origin);
        foreach (var member in new[] { "entities", "notes", "evaluation", "requestedAction" })
        {
            view.Remove(member);
        }

        view["inReplyTo"] = about.ToString("D");
        view["action"] = new JsonObject { ["kind"] = action, ["officer"] = "Officer", ["text"] = "text" };
        if (requestId is not null)
        {
            view["action"]!["requestId"] = requestId.Value.ToString("D");
        }

        view["addressing"] = new JsonObject { ["agencies"] = new JsonArray(origin == "RU-MVD" ? Thailand : "RU-MVD") };
        return view;
    }

    private static JsonObject Set(JsonObject view, string member, JsonNode? value)
    {
        view[member] = value;
        return view;
    }

    private static EnvelopeHeader Header(EnvelopeId id) => new()
    {
        Suite = 1,
        Sender = AgencyId.Parse("RU-MVD"),
        SenderKeyId = default,
        Id = id,
        Kind = MessageKind.Alert,
        Created = Samples.Now,
        Expires = Samples.Now.AddDays(7),
        Category = Category.DrugTrafficking,
        Priority = Priority.Urgent,
        Tlp = Tlp.Amber,
        Classification = Classification.Restricted,
        Handling = SampleHandling,
        Broadcast = false,
        Recipients = [],
        Views = [],
    };

    /// <summary>An alert we sent to Thailand, and Thailand's "not delivered" receipt body (schema violation) about its envelope.</summary>
    private async Task<(Guid Ours, EnvelopeId About, byte[] Body)> NotDeliveredReceiptForOurAlertAsync(CancellationToken cancellationToken)
    {
        var ours = await SentAlertAsync(Thailand, cancellationToken);
        var about = EnvelopeId.Parse((await _store.FindOutboxAsync(ours, cancellationToken))!.EnvelopeId!);
        var body = DeliveryReceiptSealer.Compose(Header(about), AgencyId.Parse(Thailand), Samples.Now, notDeliveredReason: InboundRejectCode.SchemaViolation);
        return (ours, about, body);
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> from <paramref name="sender"/> (with its own valid keys) to Russia, with the
    /// sample's markings, claiming the classes it carries unless <paramref name="claimed"/> says otherwise.
    /// </summary>
    private (EnvelopeId Id, byte[] Envelope) SealView(
        string sender, byte[] plaintext, MessageKind kind = MessageKind.Alert, DataClass[]? claimed = null, EnvelopeId? inReplyTo = null)
    {
        IReadOnlyList<DataClass> classes;
        try
        {
            classes = claimed ?? Broker.Gateway.Alerts.AlertRedactor.ClassesPresent(plaintext);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            classes = [];
        }

        var id = EnvelopeId.New();
        var request = new SealRequest
        {
            Id = id,
            Kind = kind,
            InReplyTo = inReplyTo,
            Created = Samples.Now,
            Expires = Samples.Now.AddDays(7),
            Category = Category.DrugTrafficking,
            Priority = Priority.Urgent,
            Tlp = Tlp.Amber,
            Classification = Classification.Restricted,
            Handling = SampleHandling,
            Views = [new ViewContent([.. classes.Distinct().OrderBy(c => c.Value, StringComparer.Ordinal)], plaintext)],
            Recipients = [new RecipientSpec(AgencyId.Parse("RU-MVD"), 0, _network.Keys["RU-MVD"].Encryption.PublicKey)],
        };
        return (id, Envelope.Seal(request, _network.Keys[sender]));
    }
}
