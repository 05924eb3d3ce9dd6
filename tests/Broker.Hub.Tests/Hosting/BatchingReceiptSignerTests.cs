using System.Formats.Cbor;
using Broker.Hosting.Receipts;
using Broker.Hub.Tests.Support;
using Broker.Hub.Trust;
using Broker.Protocol;
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
        Assert.That(wires.Count(w => new CborReader(w).ReadStartArray() == 4), Is.GreaterThan(0));
    }

    [Test]
    public void TryVerify_BatchedReceiptWithAnotherPayload_RefusedInvalidReference()
    {
        var leaves = new List<byte[]> { System.Security.Cryptography.SHA256.HashData(Payload(1)), System.Security.Cryptography.SHA256.HashData(Payload(2)) };
        var signature = Broker.Protocol.Keys.DetachedSignature.Sign(RoutingReceiptCodec.BatchSignaturePurpose, RoutingReceiptCodec.BatchRoot(leaves), HubWorld.Shared.HubKey);

        // Payload 3 is not in the batch: its hash is not leaf 0.
        var forged = RoutingReceiptCodec.AssembleBatched(Payload(3), signature, 0, leaves);
        var genuine = RoutingReceiptCodec.AssembleBatched(Payload(2), signature, 1, leaves);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RoutingReceiptCodec.TryVerify(forged, HubWorld.Shared.Registry, out _, out var reason), Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.InvalidReference));
            Assert.That(RoutingReceiptCodec.TryVerify(genuine, HubWorld.Shared.Registry, out _, out _), Is.True);
        }
    }

    [Test]
    public void TryVerify_BatchIndexOutOfRange_RefusedWithoutThrowing()
    {
        var leaves = new List<byte[]> { new byte[32] };
        var wire = RoutingReceiptCodec.AssembleBatched(Payload(1), new byte[10], 5, leaves);
        Assert.That(RoutingReceiptCodec.TryVerify(wire, HubWorld.Shared.Registry, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.LimitExceeded));
    }
}
