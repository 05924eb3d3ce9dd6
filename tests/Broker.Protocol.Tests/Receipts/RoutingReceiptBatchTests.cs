using Broker.Protocol.Keys;
using Broker.Protocol.Receipts;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Receipts;

/// <summary>The batch-signed form (moved with the codec from the hub's BatchingReceiptSignerTests).</summary>
public sealed class RoutingReceiptBatchTests
{
    // The test registry's hub entry lists the registry key.
    private static SigningKeyPair HubKey => TestWorld.Shared.RegistryKey;

    private static byte[] Payload(int i) => RoutingReceiptCodec.EncodePayload(new RoutingReceipt
    {
        ReceiptId = "r" + i,
        HubId = "hub-test",
        Sender = AgencyId.Parse("TH-ONCB"),
        IssuedAt = TestWorld.Now,
        Outcome = ReceiptOutcome.Routed,
    });

    [Test]
    public void TryVerify_BatchedReceiptWithAnotherPayload_RefusedInvalidReference()
    {
        var leaves = new List<byte[]> { System.Security.Cryptography.SHA256.HashData(Payload(1)), System.Security.Cryptography.SHA256.HashData(Payload(2)) };
        var signature = Broker.Protocol.Keys.DetachedSignature.Sign(RoutingReceiptCodec.BatchSignaturePurpose, RoutingReceiptCodec.BatchRoot(leaves), HubKey);

        // Payload 3 is not in the batch: its hash is not leaf 0.
        var forged = RoutingReceiptCodec.AssembleBatched(Payload(3), signature, 0, leaves);
        var genuine = RoutingReceiptCodec.AssembleBatched(Payload(2), signature, 1, leaves);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RoutingReceiptCodec.TryVerify(forged, TestWorld.Shared.Registry, out _, out var reason), Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.InvalidReference));
            Assert.That(RoutingReceiptCodec.TryVerify(genuine, TestWorld.Shared.Registry, out _, out _), Is.True);
        }
    }

    [Test]
    public void TryVerify_BatchIndexOutOfRange_RefusedWithoutThrowing()
    {
        var leaves = new List<byte[]> { new byte[32] };
        var wire = RoutingReceiptCodec.AssembleBatched(Payload(1), new byte[10], 5, leaves);
        Assert.That(RoutingReceiptCodec.TryVerify(wire, TestWorld.Shared.Registry, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RejectReason.LimitExceeded));
    }
}
