using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Broker.Protocol.Keys;

/// <summary>
/// A key identifier: the first 16 bytes of SHA-256 over a domain label and the public key material (envelope-v1.md §5),
/// shown as 32 lower-case hex digits. Equal ids mean equal public keys up to a 2^-64 collision bound; ids are public.
/// </summary>
public readonly record struct KeyId
{
    public const int Length = 16;

    private readonly byte[]? _bytes;

    private KeyId(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[Length];

    public static KeyId FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new KeyId(bytes.ToArray()) : throw new ArgumentException("A key id is 16 bytes.", nameof(bytes));

    /// <summary>Derives the id of public key material under a domain label ("broker/v1/signing-key", "broker/v1/encryption-key").</summary>
    internal static KeyId Derive(string label, params ReadOnlySpan<byte[]> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.ASCII.GetBytes(label));
        foreach (var part in parts)
        {
            hash.AppendData(part);
        }

        return new KeyId(hash.GetHashAndReset()[..Length]);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out KeyId id)
    {
        id = default;
        if (text is not { Length: Length * 2 } || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        id = new KeyId(Convert.FromHexString(text));
        return true;
    }

    public bool Equals(KeyId other) => Bytes.SequenceEqual(other.Bytes);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    public override string ToString() => Convert.ToHexStringLower(Bytes);
}
