using System.Text.Unicode;

namespace Broker.Protocol.Encoding;

/// <summary>
/// Walks raw bytes that claim to be one deterministic CBOR item (RFC 8949 §4.2.1, restricted as in envelope-v1.md §3) without
/// allocating, and names the first violation: truncation, trailing bytes, a non-shortest head, an indefinite length, a tag or
/// float, a duplicate or unsorted map key, invalid UTF-8, or nesting deeper than the cap. Every declared length is compared
/// with the bytes that remain before anything is read, so a parser run afterwards never allocates more than the input size.
/// </summary>
internal static partial class CborShape
{
    /// <param name="data">The bytes that claim to be one item.</param>
    /// <param name="allowNull">
    /// Whether CBOR <c>null</c> (0xF6) is part of the profile. The envelope and registry profiles forbid it; the audit log's
    /// entries (audit-log.md §2) have always written it for an absent envelope id, so their decoder alone passes true.
    /// </param>
    public static RejectReason Check(ReadOnlySpan<byte> data, bool allowNull = false)
    {
        var position = 0;
        var reason = Item(data, ref position, 0, allowNull);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        return position == data.Length ? RejectReason.None : RejectReason.TrailingBytes;
    }

    private static RejectReason Item(ReadOnlySpan<byte> data, ref int position, int depth, bool allowNull)
    {
        if (depth > ProtocolLimits.MaxCborDepth)
        {
            return RejectReason.LimitExceeded;
        }

        var reason = Head(data, ref position, out var major, out var argument);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        switch (major)
        {
            case 0 or 1:
                return RejectReason.None;
            case 2 or 3:
                if (argument > (ulong)(data.Length - position))
                {
                    return RejectReason.Truncated;
                }

                var body = data.Slice(position, (int)argument);
                position += (int)argument;
                return major == 3 && !Utf8.IsValid(body) ? RejectReason.Malformed : RejectReason.None;
            case 4:
                // Each element needs at least one byte: a count above what remains is a truncation, caught before looping.
                if (argument > (ulong)(data.Length - position))
                {
                    return RejectReason.Truncated;
                }

                for (var i = 0UL; i < argument; i++)
                {
                    reason = Item(data, ref position, depth + 1, allowNull);
                    if (reason != RejectReason.None)
                    {
                        return reason;
                    }
                }

                return RejectReason.None;
            case 5:
                return Map(data, ref position, depth, argument, allowNull);
            case 6:
                return RejectReason.ForbiddenCborItem;
            default:
                // Major 7: only false (20) and true (21) are part of the profile (and null (22) where the caller allows it);
                // undefined, other simple values and floats never are.
                return argument is 20 or 21 || (allowNull && argument == 22) ? RejectReason.None : RejectReason.ForbiddenCborItem;
        }
    }

    private static RejectReason Map(ReadOnlySpan<byte> data, ref int position, int depth, ulong count, bool allowNull)
    {
        if (count > (ulong)(data.Length - position) / 2)
        {
            return RejectReason.Truncated;
        }

        var previous = ReadOnlySpan<byte>.Empty;
        for (var i = 0UL; i < count; i++)
        {
            var keyStart = position;
            var reason = Item(data, ref position, depth + 1, allowNull);
            if (reason != RejectReason.None)
            {
                return reason;
            }

            var key = data[keyStart..position];
            if (i > 0)
            {
                var order = previous.SequenceCompareTo(key);
                if (order == 0)
                {
                    return RejectReason.DuplicateMapKey;
                }

                if (order > 0)
                {
                    return RejectReason.NonCanonicalEncoding;
                }
            }

            previous = key;
            reason = Item(data, ref position, depth + 1, allowNull);
            if (reason != RejectReason.None)
            {
                return reason;
            }
        }

        return RejectReason.None;
    }
}
