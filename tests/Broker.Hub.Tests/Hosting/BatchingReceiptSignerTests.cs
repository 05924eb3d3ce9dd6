using Broker.Hub.Tests.Support;
using Broker.Hub.Trust;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Tests.Hosting;

public sealed class BatchingReceiptSignerTests
{
    private static byte[] Payload(int i) => RoutingReceiptCodec.EncodePayload(new RoutingReceipt
    {
        ReceiptId = "r" + i,
        HubId = "hub-test",
        Sender = AgencyId.Parse("TH-ONCB"),
        IssuedAt = HubWorld.Now,
        Outcome = ReceiptOutcome.Routed,
    });

    [Test, CancelAfter(60_000)]
    public async Task SignAsync_ManyAtOnce_EveryReceiptVerifiesOnItsOwnAndSomeShareABatch(CancellationToken cancellationToken)
    {
        await using var signer = new BatchingReceiptSigner(new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey));
        var wires = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => signer.SignAsync(Payload(i), cancellationToken)));

        for (var i = 0; i < wires.Length; i++)
        {
            Assert.That(RoutingReceiptCodec.TryVerify(wires[i], HubWorld.Shared.Registry, out var receipt, out var reason), Is.True, reason.ToString());
            Assert.That(receipt!.ReceiptId, Is.EqualTo("r" + i));
        }

        // 40 composite signatures would take far longer than the first one; the queue must have grouped them.
        Assert.That(wires.Count(w => w[0] == 0x84), Is.GreaterThan(0)); // 0x84: a four-element array, the batch form
    }
}
