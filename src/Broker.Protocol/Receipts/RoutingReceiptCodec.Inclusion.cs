using Broker.Protocol.AuditEntries;
using Broker.Protocol.Registry;
using Broker.Protocol.Transparency;

namespace Broker.Protocol.Receipts;

/// <summary>
/// The third wire shape, <c>[payload, entry, inclusion]</c>: the receipt is not signed on its own. <c>entry</c> is the audit log
/// entry (audit-log.md §2, kind 8 RoutingReceipt) that holds exactly this payload, and <c>inclusion</c> is its
/// <see cref="InclusionReceipt"/> (§5) against a tree head signed by a hub key with purpose <see cref="SignedTreeHead.SignaturePurpose"/>.
/// Entry, proof and head are decoded and checked by the same codecs and the same verifier the audit log uses.
/// </summary>
public static partial class RoutingReceiptCodec
{
    /// <summary>
    /// Checks the entry is a kind 8 entry holding the payload, the receipt names the entry's index, the tree head verifies under a
    /// hub key valid at its timestamp, the leaf hash is the entry's and the path leads to the head's root (RFC 9162 §2.1.3.2).
    /// </summary>
    private static RejectReason VerifyProven(byte[] payload, byte[] entryBytes, byte[] inclusionBytes, TrustRegistry registry)
    {
        if (!AuditEntryCodec.TryDecode(entryBytes, out var entry, out var reason) || !InclusionReceiptCodec.TryDecode(inclusionBytes, out var inclusion, out reason))
        {
            return reason;
        }

        if (entry.Record is not RoutingReceiptIssued issued || !issued.Payload.AsSpan().SequenceEqual(payload) || inclusion.EntryIndex != entry.Index)
        {
            return RejectReason.InvalidReference;
        }

        var head = inclusion.TreeHead;
        reason = VerifyWithHubKeys(registry, SignedTreeHead.SignaturePurpose, head.SignedPayload(), head.Signature, head.Timestamp);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        return inclusion.VerifyProof(entryBytes) == ReceiptCheck.Valid ? RejectReason.None : RejectReason.InvalidReference;
    }
}
