using System.Formats.Cbor;

namespace Broker.Protocol.Encoding;

/// <summary>Typed reads for the v1 profile. Each checks a count or length against its cap and throws <see cref="RejectException"/> with the reason.</summary>
internal static class CborReading
{
    public static int ReadArray(this CborReader reader, int min, int max)
    {
        var count = reader.ReadStartArray() ?? throw new RejectException(RejectReason.ForbiddenCborItem);
        RejectException.ThrowIf(count > max, RejectReason.LimitExceeded);
        RejectException.ThrowIf(count < min, RejectReason.Malformed);
        return count;
    }

    /// <summary>Reads the head of a fixed-arity array; any other arity is <see cref="RejectReason.Malformed"/>.</summary>
    public static void ReadTuple(this CborReader reader, int arity)
    {
        var count = reader.ReadStartArray() ?? throw new RejectException(RejectReason.ForbiddenCborItem);
        RejectException.ThrowIf(count != arity, RejectReason.Malformed);
    }

    public static int ReadMap(this CborReader reader, int max)
    {
        var count = reader.ReadStartMap() ?? throw new RejectException(RejectReason.ForbiddenCborItem);
        RejectException.ThrowIf(count > max, RejectReason.UnknownField);
        return count;
    }

    public static uint ReadKey(this CborReader reader)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.UnsignedInteger, RejectReason.UnknownField);
        return reader.ReadUInt32();
    }

    public static uint ReadUInt(this CborReader reader, uint max)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.UnsignedInteger, RejectReason.InvalidField);
        var value = reader.ReadUInt64();
        RejectException.ThrowIf(value > max, RejectReason.InvalidField);
        return (uint)value;
    }

    public static ulong ReadULong(this CborReader reader)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.UnsignedInteger, RejectReason.InvalidField);
        return reader.ReadUInt64();
    }

    /// <summary>A non-negative integer that fits a <see cref="long"/> (sizes, versions, indexes).</summary>
    public static long ReadCount(this CborReader reader)
    {
        var value = reader.ReadULong();
        RejectException.ThrowIf(value > long.MaxValue, RejectReason.InvalidField);
        return (long)value;
    }

    /// <summary>A signed integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long ReadInt(this CborReader reader, long min, long max)
    {
        RejectException.ThrowIf(reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger), RejectReason.InvalidField);
        var value = reader.ReadInt64();
        RejectException.ThrowIf(value < min || value > max, RejectReason.InvalidField);
        return value;
    }

    public static bool ReadBool(this CborReader reader)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.Boolean, RejectReason.InvalidField);
        return reader.ReadBoolean();
    }

    public static ReadOnlyMemory<byte> ReadBytes(this CborReader reader, int length, RejectReason wrongLength = RejectReason.InvalidField)
    {
        var bytes = reader.ReadBytesUpTo(length);
        RejectException.ThrowIf(bytes.Length != length, wrongLength);
        return bytes;
    }

    public static ReadOnlyMemory<byte> ReadBytesUpTo(this CborReader reader, int max)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.ByteString, RejectReason.InvalidField);
        var bytes = reader.ReadDefiniteLengthByteString();
        RejectException.ThrowIf(bytes.Length > max, RejectReason.LimitExceeded);
        return bytes;
    }

    public static string ReadText(this CborReader reader, int maxChars)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.TextString, RejectReason.InvalidField);
        var bytes = reader.ReadDefiniteLengthTextStringBytes();
        RejectException.ThrowIf(bytes.Length > maxChars * 4, RejectReason.LimitExceeded);
        var text = System.Text.Encoding.UTF8.GetString(bytes.Span);
        RejectException.ThrowIf(text.Length > maxChars, RejectReason.LimitExceeded);
        return text;
    }

    /// <summary>
    /// An identifier text (agency id, data class): its length is counted in UTF-8 bytes before it is decoded (envelope-v1.md §3:
    /// "characters" of an identifier are bytes; the patterns are ASCII, so a valid one has as many bytes as characters).
    /// </summary>
    public static string ReadIdentifier(this CborReader reader, int maxBytes)
    {
        RejectException.ThrowIf(reader.PeekState() != CborReaderState.TextString, RejectReason.InvalidField);
        var bytes = reader.ReadDefiniteLengthTextStringBytes();
        RejectException.ThrowIf(bytes.Length > maxBytes, RejectReason.LimitExceeded);
        return System.Text.Encoding.UTF8.GetString(bytes.Span);
    }

    public static T ReadEnum<T>(this CborReader reader)
        where T : struct, Enum
    {
        var value = reader.ReadUInt(int.MaxValue);
        var typed = (T)Enum.ToObject(typeof(T), (int)value);
        RejectException.ThrowIf(!Enum.IsDefined(typed), RejectReason.InvalidField);
        return typed;
    }

    public static DateTimeOffset ReadTime(this CborReader reader)
    {
        var ms = reader.ReadULong();
        RejectException.ThrowIf(ms > (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(), RejectReason.InvalidField);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    public static void WriteTime(this CborWriter writer, DateTimeOffset time) => writer.WriteUInt64((ulong)time.ToUnixTimeMilliseconds());

    /// <summary>Throws <see cref="RejectReason.MissingField"/> unless every bit of <paramref name="required"/> was seen.</summary>
    public static void RequireFields(uint seen, uint required) =>
        RejectException.ThrowIf((seen & required) != required, RejectReason.MissingField);
}
