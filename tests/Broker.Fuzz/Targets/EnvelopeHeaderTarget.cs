using Broker.Protocol;
using Broker.Protocol.Envelopes;

namespace Broker.Fuzz.Targets;

/// <summary>
/// The signed header's CBOR alone (envelope-v1.md §4), reached directly so that mutations need not keep the outer envelope valid:
/// false with a reason, or a header.
/// </summary>
internal sealed class EnvelopeHeaderTarget : IFuzzTarget
{
    private static readonly TryRead<EnvelopeHeader> Read =
        Internals.Bind<TryRead<EnvelopeHeader>>(typeof(Envelope).Assembly, "Broker.Protocol.Envelopes.HeaderCodec", "TryRead");

    public string Name => "envelope-header";

    public void Run(ReadOnlySpan<byte> data)
    {
        var ok = Read(data.ToArray(), out var header, out var reason);
        Invariant.Holds(ok ? header is not null : reason != RejectReason.None, "a header read that neither succeeds nor names a reason");
    }
}
