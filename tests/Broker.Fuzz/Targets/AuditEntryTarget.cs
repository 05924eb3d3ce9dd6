using Broker.Protocol;
using Broker.Protocol.AuditEntries;

namespace Broker.Fuzz.Targets;

/// <summary>
/// The auditor's reader of log entries served by the hub (<see cref="AuditEntryCodec.TryDecode"/>): false with a reason, or an
/// entry that re-encodes to exactly the bytes read (the leaf hash is over those bytes, so two encodings of one entry would let a
/// log show one entry under two hashes).
/// </summary>
internal sealed class AuditEntryTarget : IFuzzTarget
{
    public string Name => "audit-entry";

    public void Run(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        if (!AuditEntryCodec.TryDecode(bytes, out var entry, out var reason))
        {
            Invariant.Holds(reason != RejectReason.None, "refused without a reason");
            return;
        }

        var again = AuditEntryCodec.Encode(entry);
        Invariant.Holds(again.AsSpan().SequenceEqual(bytes), "a decoded audit entry re-encodes to other bytes");
        Invariant.Holds(AuditEntryCodec.TryDecode(again, out var entry2, out _) && entry2.Index == entry.Index && entry2.Timestamp == entry.Timestamp, "decode(encode(entry)) differs");
    }
}
