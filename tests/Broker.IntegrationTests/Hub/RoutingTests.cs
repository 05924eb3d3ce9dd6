using Broker.Hub.Audit;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.IntegrationTests.Hub;

/// <summary>The core on a real node: a sealed envelope from an agency (mTLS) reaches each permitted queue stripped, with a signed receipt.</summary>
[TestFixture]
public sealed class RoutingTests : CoreTestBase
{
    private static readonly string[] Delivered = ["RU-MVD", "MY-PDRM"];

    [Test, CancelAfter(120_000)]
    public async Task SealedEnvelope_ReachesEachPermittedQueueStrippedAndOriginatorGetsSignedReceipt(CancellationToken cancellationToken)
    {
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        var malaysia = await CollectDeliveriesAsync("MY-PDRM", cancellationToken);
        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        await StartHubAsync("a", cancellationToken);
        var id = EnvelopeId.New();
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);

        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD", "MY-PDRM", "SG-CNB"], id), messageId: id.ToString(), cancellationToken: cancellationToken);

        foreach (var (agency, queue) in new[] { ("RU-MVD", russia), ("MY-PDRM", malaysia) })
        {
            var copy = await queue.WaitForMessageIdAsync(id.ToString(), Timeout, cancellationToken);
            Assert.That(Envelope.TryVerify(copy.Body, World.Registry, TimeProvider.System.GetUtcNow(), out var verified, out var reason), Is.True, reason.ToString());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(verified!.PresentRecipients, Is.EqualTo(new[] { AgencyId.Parse(agency) }));
                Assert.That(copy.UserId, Is.EqualTo("hub-core"));
                Assert.That(copy.Type, Is.EqualTo("broker.envelope.v1"));
                Assert.That(copy.Persistent, Is.True);
            }

            // The recipient can open its own copy: stripping kept what it needs.
            Assert.That(Envelope.TryOpen(copy.Body, World[agency], World.Registry, TimeProvider.System.GetUtcNow(), out _, out reason), Is.True, reason.ToString());
        }

        var receiptMessage = await thailand.WaitForAsync(m => m.Type == RoutingReceiptCodec.AmqpType, Timeout, "the routing receipt", cancellationToken);
        Assert.That(RoutingReceiptCodec.TryVerify(receiptMessage.Body, World.Registry, out var receipt, out var receiptReason), Is.True, receiptReason.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.EnvelopeId, Is.EqualTo(id.ToString()));
            Assert.That(receipt.Outcome, Is.EqualTo(ReceiptOutcome.Routed));
            Assert.That(receipt.DeliveredTo.Select(a => a.Value), Is.EquivalentTo(Delivered));
            Assert.That(receipt.Withheld.Select(w => (w.Agency.Value, w.Code)), Is.EqualTo(new[] { ("SG-CNB", "policy-no-matching-rule") }));
        }

        using var management = new RabbitMqManagement();
        Assert.That(await management.MessageCountAsync(Sandbox.Hub, "deliver.SG-CNB", cancellationToken), Is.Zero);
    }

    [Test, CancelAfter(120_000)]
    public async Task TwoHubInstancesOnOneQueue_EachEnvelopeDeliveredExactlyOnce(CancellationToken cancellationToken)
    {
        const int Count = 40;
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        await StartHubAsync("a", cancellationToken);
        await StartHubAsync("b", cancellationToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var ids = Enumerable.Range(0, Count).Select(_ => EnvelopeId.New()).ToList();

        foreach (var id in ids)
        {
            await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], id), messageId: id.ToString(), cancellationToken: cancellationToken);
        }

        await Eventually.WaitForAsync(() => russia.Messages.Select(m => m.MessageId).Distinct().Count() == Count, Timeout * 3, $"{Count} deliveries", cancellationToken);
        using var management = new RabbitMqManagement();
        await Eventually.WaitForAsync(async ct => await management.MessageCountAsync(Sandbox.Hub, "hub.ingress.TH-ONCB", ct) == 0, Timeout, "hub.ingress.TH-ONCB to drain", cancellationToken);
        Assert.That(russia.Messages.Where(m => m.Type == "broker.envelope.v1").GroupBy(m => m.MessageId).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty);
    }

    [Test, CancelAfter(180_000)]
    public async Task HubKilledMidStreamAndRestarted_NothingLost(CancellationToken cancellationToken)
    {
        const int Count = 150;
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var ids = Enumerable.Range(0, Count).Select(_ => EnvelopeId.New().ToString()).ToList();
        foreach (var id in ids)
        {
            await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], EnvelopeId.Parse(id)), messageId: id, cancellationToken: cancellationToken);
        }

        var first = await StartHubAsync("a", cancellationToken);
        await Eventually.WaitForAsync(() => russia.Messages.Count >= 5, Timeout, "the first deliveries", cancellationToken);
        await first.KillAsync();
        var second = await StartHubAsync("b", cancellationToken);

        await Eventually.WaitForAsync(() => ids.All(id => russia.Messages.Any(m => m.MessageId == id)), Timeout * 3, "every envelope after the restart", cancellationToken);
        using var management = new RabbitMqManagement();
        await Eventually.WaitForAsync(async ct => await management.MessageCountAsync(Sandbox.Hub, "hub.ingress.TH-ONCB", ct) == 0, Timeout, "hub.ingress.TH-ONCB to drain", cancellationToken);
        Assert.That(await management.MessageCountAsync(Sandbox.Hub, "hub.dead-letters", cancellationToken), Is.Zero, "a redelivery must not be dead-lettered as a replay");
        // The restarted instance really had work left: the kill happened mid-stream, and its audit log holds what it routed.
        var routedBySecond = 0;
        await foreach (var stored in second.Services.GetRequiredService<AuditLog>().Store.ReadEntriesAsync(0, long.MaxValue, cancellationToken))
        {
            routedBySecond += AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _) && entry.Record is DeliveryRecorded ? 1 : 0;
        }

        Assert.That(routedBySecond, Is.Positive);
    }
}
