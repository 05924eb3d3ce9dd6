using Broker.Protocol;
using Broker.Protocol.Envelopes;

namespace Broker.Fuzz.Targets;

/// <summary>
/// The envelope reader every party runs first (hub ingress, recipient gateway, audit): <see cref="Envelope.TryReadHeader"/> and
/// <see cref="Envelope.TryReadSignedHeader"/> must agree on every input (same verdict, same reason), and the signed header
/// bytes must lie inside the input.
/// </summary>
internal sealed class EnvelopeTarget : IFuzzTarget
{
    public string Name => "envelope";

    public void Run(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        var readHeader = Envelope.TryReadHeader(bytes, out var header, out var reason);
        var readSigned = Envelope.TryReadSignedHeader(bytes, out var signed, out var signedReason);
        Invariant.Holds(readHeader == readSigned, $"TryReadHeader says {readHeader} ({reason}), TryReadSignedHeader says {readSigned} ({signedReason})");
        if (!readHeader)
        {
            Invariant.Holds(reason == signedReason, $"the two readers refuse for different reasons: {reason} and {signedReason}");
            Invariant.Holds(reason != RejectReason.None, "refused without a reason");
            return;
        }

        Invariant.Holds(header is not null && signed.Length > 0 && data.IndexOf(signed.Span) >= 0, "the signed header is not a part of the envelope");
    }
}
