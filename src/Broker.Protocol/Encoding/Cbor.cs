using System.Formats.Cbor;

namespace Broker.Protocol.Encoding;

/// <summary>
/// The one place that creates CBOR readers and writers, always in the CTAP2 canonical mode, which for this profile
/// (unsigned map keys below 24, no floats, no tags) coincides with RFC 8949 §4.2.1 core deterministic encoding.
/// <see cref="TryDecode{T}"/> runs <see cref="CborShape"/> first, so a rejection names its cause, then parses with
/// the canonical reader and refuses trailing bytes.
/// </summary>
internal static class Cbor
{
    public const CborConformanceMode Mode = CborConformanceMode.Ctap2Canonical;

    public static CborWriter Writer() => new(Mode, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);

    public static bool TryDecode<T>(ReadOnlyMemory<byte> data, int maxBytes, Func<CborReader, T> read, out T? value, out RejectReason reason)
        where T : class
    {
        value = null;
        if (data.Length > maxBytes)
        {
            reason = RejectReason.TooLarge;
            return false;
        }

        reason = CborShape.Check(data.Span);
        if (reason != RejectReason.None)
        {
            return false;
        }

        try
        {
            var reader = new CborReader(data, Mode, allowMultipleRootLevelValues: false);
            value = read(reader);
            RejectException.ThrowIf(reader.BytesRemaining != 0, RejectReason.TrailingBytes);
            return true;
        }
        catch (RejectException e)
        {
            reason = e.Reason;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            reason = RejectReason.Malformed;
        }

        value = null;
        return false;
    }
}
