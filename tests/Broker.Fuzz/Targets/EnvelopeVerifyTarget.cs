using Broker.Protocol;
using Broker.Protocol.Envelopes;

namespace Broker.Fuzz.Targets;

/// <summary>
/// What the hub and a recipient do with an envelope from the network: <see cref="Envelope.TryVerify"/> against the conformance
/// vectors' registry at their "now", then <see cref="Envelope.TryOpen"/> as each vector agency. Both return false with a reason
/// or a result; a verified envelope's header is the one <see cref="Envelope.TryReadHeader"/> reads.
/// </summary>
internal sealed class EnvelopeVerifyTarget : IFuzzTarget
{
    public string Name => "envelope-verify";

    public void Run(ReadOnlySpan<byte> data)
    {
        var world = VectorWorld.Shared;
        var bytes = data.ToArray();
        if (!Envelope.TryVerify(bytes, world.Registry, world.Now, out var verified, out var reason))
        {
            Invariant.Holds(reason != RejectReason.None, "refused without a reason");
            return;
        }

        Invariant.Holds(Envelope.TryReadHeader(bytes, out var header, out _) && header.Id == verified.Header.Id, "verified, but the plain header read differs");
        foreach (var keys in world.Keys)
        {
            var opened = Envelope.TryOpen(bytes, keys, world.Registry, world.Now, out var view, out var openReason);
            Invariant.Holds(opened ? view is not null : openReason != RejectReason.None, "an open that neither succeeds nor names a reason");
        }
    }
}
