using System.Buffers.Binary;

namespace Broker.Protocol.Encoding;

internal static partial class CborShape
{
    /// <summary>Reads one item head (major type and argument) and refuses indefinite lengths, floats, reserved values and non-shortest arguments.</summary>
    private static RejectReason Head(ReadOnlySpan<byte> data, ref int position, out int major, out ulong argument)
    {
        argument = 0;
        major = 0;
        if (position >= data.Length)
        {
            return RejectReason.Truncated;
        }

        var initial = data[position++];
        major = initial >> 5;
        var info = initial & 0x1f;
        if (info < 24)
        {
            argument = (ulong)info;
            return RejectReason.None;
        }

        if (info == 31)
        {
            return RejectReason.ForbiddenCborItem;
        }

        if (info > 27)
        {
            return RejectReason.Malformed;
        }

        if (major == 7)
        {
            // Floats (25-27) and the two-byte simple values (24) are outside the profile.
            return RejectReason.ForbiddenCborItem;
        }

        var size = 1 << (info - 24);
        if (data.Length - position < size)
        {
            return RejectReason.Truncated;
        }

        var bytes = data.Slice(position, size);
        position += size;
        argument = size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
        };
        var minimum = size switch { 1 => 24UL, 2 => 0x100UL, 4 => 0x1_0000UL, _ => 0x1_0000_0000UL };
        return argument < minimum ? RejectReason.NonCanonicalEncoding : RejectReason.None;
    }
}
