using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;

namespace Broker.Protocol.Encoding;

/// <summary>
/// The one place that creates CBOR readers and writers, always in the CTAP2 canonical mode, which for this profile
/// (unsigned map keys below 24 or text keys shorter than 24 bytes, no floats, no tags) coincides with RFC 8949 §4.2.1 core
/// deterministic encoding: for such keys, ordering by length first and bytewise order of the encoded key are the same.
/// <see cref="TryDecode{T}"/> runs <see cref="CborShape"/> first, so a rejection names its cause, then parses with
/// the canonical reader and refuses trailing bytes. Nothing outside Broker.Protocol reads or writes CBOR: every byte format
/// (envelope, registry, receipts, tree heads, inclusion proofs, audit entries) has its codec here and decodes through this door.
/// </summary>
internal static class Cbor
{
    public const CborConformanceMode Mode = CborConformanceMode.Ctap2Canonical;

    public static CborWriter Writer() => new(Mode, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);

    /// <summary>Decodes one item of at most <paramref name="maxBytes"/> with <paramref name="read"/>; see <see cref="CborShape.Check"/> for <paramref name="allowNull"/>.</summary>
    public static bool TryDecode<T>(ReadOnlyMemory<byte> data, int maxBytes, Func<CborReader, T> read, [NotNullWhen(true)] out T? value, out RejectReason reason, bool allowNull = false)
        where T : class
    {
        value = null;
        if (data.Length > maxBytes)
        {
            reason = RejectReason.TooLarge;
            return false;
        }

        reason = CborShape.Check(data.Span, allowNull);
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
