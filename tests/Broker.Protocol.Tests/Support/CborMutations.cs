using System.Formats.Cbor;

namespace Broker.Protocol.Tests.Support;

/// <summary>
/// Hostile variants of a valid encoding that keep its meaning but break the deterministic profile, for the strictness tests of
/// every byte format: a non-shortest head, a trailing byte, a map with a repeated key where an item is expected.
/// </summary>
internal static class CborMutations
{
    /// <summary>Same value, longer head: the item head at <paramref name="at"/> written with one more argument byte (0x01 becomes 0x18 0x01, 0x58 0x3d becomes 0x59 0x00 0x3d).</summary>
    public static byte[] Widen(byte[] bytes, int at)
    {
        var head = bytes[at];
        var info = head & 0x1f;
        return info switch
        {
            < 24 => [.. bytes[..at], (byte)((head & 0xe0) | 24), (byte)info, .. bytes[(at + 1)..]],
            24 => [.. bytes[..at], (byte)((head & 0xe0) | 25), 0x00, .. bytes[(at + 1)..]],
            _ => throw new ArgumentException("Only heads with an argument below 256 are widened here.", nameof(at)),
        };
    }

    public static byte[] Trailing(byte[] bytes) => [.. bytes, 0x00];

    /// <summary>{1: 0, 1: 0}: shortest, sorted, but with the key repeated.</summary>
    public static byte[] DuplicateKeyMap { get; } = [0xA2, 0x01, 0x00, 0x01, 0x00];

    /// <summary>The top-level array head replaced by an indefinite-length one (0x9F ... 0xFF).</summary>
    public static byte[] Indefinite(byte[] bytes)
    {
        if (bytes[0] is < 0x80 or > 0x97)
        {
            throw new ArgumentException("Only a top-level array with fewer than 24 elements is rewritten here.", nameof(bytes));
        }

        return [0x9F, .. bytes[1..], 0xFF];
    }

    /// <summary>Encodes with a lax writer, which keeps keys in the order written and allows repeats.</summary>
    public static byte[] Lax(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        write(writer);
        return writer.Encode();
    }
}
