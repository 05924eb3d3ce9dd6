using System.Text.Json.Nodes;
using Broker.Protocol.Envelopes;

namespace Broker.Gateway.Tests.Outbound;

/// <summary>The drainer with the sharing policies: the notice, the recorded policy versions, broadcast expansion, denials.</summary>
public partial class OutboxDrainerTests
{
    private static readonly string[] SuspendedDenied = ["ID-BNN:recipient-not-active"];
    private static readonly string[] MyPolicies = ["TH v1", "MY v1"];
    private static readonly string[] SealedPolicies = ["MY:v1", "RU:v1", "TH:v1"];
    private static readonly string[] BroadcastRecipients = ["RU-MVD", "MY-PDRM", "SG-CNB", "VN-C04"];
    private static readonly string[] MyWithheld =
        ["financial.crypto", "operational.source", "personal.biometric", "personal.contact", "personal.document", "personal.identity"];

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_Sealed_SharingNoticeTellsTheAgencyWhatEachRecipientGetsAndWhy(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        await _drainer.DrainOnceAsync(cancellationToken);
        var message = _agency.Messages.Single(m => m.RoutingKey == "sharing.notice");
        var notice = JsonNode.Parse(message.Body.Span)!;
        var recipients = notice["recipients"]!.AsArray().ToDictionary(r => r!["agency"]!.GetValue<string>(), r => r!);
        var my = recipients["MY-PDRM"];
        var envelopeId = _hub.Messages.Single().MessageId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Exchange, Is.EqualTo("agency.inbound"));
            Assert.That(message.Type, Is.EqualTo("broker.sharing-notice.v1"));
            Assert.That(message.MessageId, Is.EqualTo($"notice-{id:D}"));
            Assert.That(notice["outcome"]!.GetValue<string>(), Is.EqualTo("sealed"));
            Assert.That(notice["dryRun"]!.GetValue<bool>(), Is.False);
            Assert.That(notice["envelopeId"]!.GetValue<string>(), Is.EqualTo(envelopeId));
            Assert.That(recipients["RU-MVD"]["decision"]!.GetValue<string>(), Is.EqualTo("deliver"));
            Assert.That(my["decision"]!.GetValue<string>(), Is.EqualTo("deliver-reduced"));
            Assert.That(my["dataClasses"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(MyClasses));
            Assert.That(my["withheldDataClasses"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(MyWithheld));
            Assert.That(my["rules"]!.AsArray().Select(r => r!.GetValue<string>()), Does.Contain("TH v1 outbound rule 'out-asean'"));
            Assert.That(my["explanation"]!.AsArray(), Is.Not.Empty);
            Assert.That(my["policies"]!.AsArray().Select(p => $"{p!["country"]} v{p["version"]}"), Is.EqualTo(MyPolicies));
            Assert.That(notice.ToJsonString(), Does.Not.Contain("Methamphetamine"), "the notice names classes, never content");
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_Sealed_OutboxRecordKeepsThePolicyVersionsUsed(CancellationToken cancellationToken)
    {
        var id = await EnqueueSampleAsync(cancellationToken);
        await _drainer.DrainOnceAsync(cancellationToken);
        var versions = (await _store.FindOutboxAsync(id, cancellationToken))!.PolicyVersions!.Split(' ');
        Assert.That(versions.Select(v => string.Join(':', v.Split(':').Take(2))), Is.EquivalentTo(SealedPolicies));
        Assert.That(versions.Select(v => v.Split(':')[2]), Has.All.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_Broadcast_ExpandsToEveryActiveAgencyThePoliciesAllowExceptTheOrigin(CancellationToken cancellationToken)
    {
        var alert = Samples.Node();
        alert["addressing"] = new JsonObject { ["broadcast"] = true };
        alert["tlp"] = "GREEN";
        var id = Guid.Parse(alert["id"]!.GetValue<string>());
        await _store.TryEnqueueAsync(id, Samples.Utf8(alert), Samples.Now, cancellationToken);

        await _drainer.DrainOnceAsync(cancellationToken);
        Envelope.TryReadHeader(_hub.Messages.Single().Body.Span, out var header, out _);
        var notice = JsonNode.Parse(_agency.Messages.Single(m => m.RoutingKey == "sharing.notice").Body.Span)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(header!.Broadcast, Is.True);
            Assert.That(header.Recipients.Select(r => r.Agency.Value), Is.EquivalentTo(BroadcastRecipients), "ID-BNN is suspended");
            Assert.That(
                notice["recipients"]!.AsArray().Where(r => r!["decision"]!.GetValue<string>() == "denied").Select(r => $"{r!["agency"]}:{r["reason"]}"),
                Is.EqualTo(SuspendedDenied));
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DrainOnceAsync_DestinationWithoutOutboundRule_NotSealedForAndNamedInTheNotice(CancellationToken cancellationToken)
    {
        // TH v2 drops the ASEAN rule: only RU remains reachable, MY is denied by default.
        TestPolicies.Write(_network, _policyFolder, TestPolicies.Document("TH", 2, [TestPolicies.Thailand()["outbound"]![0]!.DeepClone().AsObject()], [TestPolicies.Thailand()["inbound"]![0]!.DeepClone().AsObject()]));
        var reloaded = new Broker.Gateway.Outbound.AlertSealer(_network.Keyring("TH-ONCB"), TestPolicies.Load(_network, _policyFolder), _time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Broker.Gateway.Outbound.AlertSealer>.Instance);
        var ok = reloaded.TrySeal(Samples.Bytes(Samples.ThOncb), out var sealedAlert, out _, out var plan);
        var my = plan!.Outcomes.Single(o => o.Decision.Recipient.Value == "MY-PDRM");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(sealedAlert!.Recipients, Is.EqualTo("RU-MVD:0"));
            Assert.That(sealedAlert.PolicyVersions, Does.Contain("TH:v2:"));
            Assert.That(my.IsSealed, Is.False);
            Assert.That(my.Decision.Reason, Is.EqualTo(Broker.Policy.Evaluation.DenyReason.NoMatchingRule));
        }
    }
}
