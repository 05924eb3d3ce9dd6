using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Broker.Protocol.Envelopes;

/// <summary>
/// An envelope identifier: 16 random bytes, shown as 32 lower-case hex digits (the form of a Guid "N" string).
/// Uniqueness is what replay detection relies on; hosts keep the ids they have seen until the envelope expires.
/// </summary>
public readonly record struct EnvelopeId
{
    public const int Length = 16;

    private readonly byte[]? _bytes;

    private EnvelopeId(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[Length];

    public static EnvelopeId New() => new(RandomNumberGenerator.GetBytes(Length));

    public static EnvelopeId FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new EnvelopeId(bytes.ToArray()) : throw new ArgumentException("An envelope id is 16 bytes.", nameof(bytes));

    public static bool TryParse([NotNullWhen(true)] string? text, out EnvelopeId id)
    {
        id = default;
        if (text is not { Length: Length * 2 } || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        id = new EnvelopeId(Convert.FromHexString(text));
        return true;
    }

    public static EnvelopeId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("An envelope id is 32 lower-case hex digits.");

    public bool Equals(EnvelopeId other) => Bytes.SequenceEqual(other.Bytes);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    public override string ToString() => Convert.ToHexStringLower(Bytes);
}
