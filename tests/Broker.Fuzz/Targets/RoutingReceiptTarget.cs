using Broker.Protocol;
using Broker.Protocol.Receipts;

namespace Broker.Fuzz.Targets;

/// <summary>
/// What a sending gateway does with the hub's answer: <see cref="RoutingReceiptCodec.TryVerify"/> (signed, batched and proven
/// forms) against the vectors' registry, and the payload reader it calls after the signature check, reached directly. A payload
/// read re-encodes to exactly its bytes.
/// </summary>
internal sealed class RoutingReceiptTarget : IFuzzTarget
{
    private static readonly TryRead<RoutingReceipt> ReadPayload =
        Internals.Bind<TryRead<RoutingReceipt>>(typeof(RoutingReceiptCodec).Assembly, "Broker.Protocol.Receipts.RoutingReceiptCodec", "TryDecodePayload");

    public string Name => "routing-receipt";

    public void Run(ReadOnlySpan<byte> data)
    {
        var verified = RoutingReceiptCodec.TryVerify(data, VectorWorld.Shared.Registry, out var receipt, out var reason);
        Invariant.Holds(verified ? receipt is not null : reason != RejectReason.None, "a verify that neither succeeds nor names a reason");

        var bytes = data.ToArray();
        if (!ReadPayload(bytes, out var payload, out reason))
        {
            Invariant.Holds(reason != RejectReason.None, "a payload refused without a reason");
            return;
        }

        Invariant.Holds(RoutingReceiptCodec.EncodePayload(payload!).AsSpan().SequenceEqual(bytes), "a receipt payload re-encodes to other bytes");
    }
}
