using System.Diagnostics.CodeAnalysis;

namespace Broker.Protocol.Keys;

/// <summary>
/// An X-Wing encapsulation key (1216 bytes: ML-KEM-768 ‖ X25519). Its <see cref="Id"/> is
/// SHA-256("broker/v1/encryption-key" ‖ key)[0..16]. A key that fails the ML-KEM input check makes sealing throw.
/// </summary>
public sealed record EncryptionPublicKey
{
    public const int Length = 1216;
    internal const string IdLabel = "broker/v1/encryption-key";

    private readonly byte[] _bytes;

    private EncryptionPublicKey(byte[] bytes)
    {
        _bytes = bytes;
        Id = KeyId.Derive(IdLabel, bytes);
    }

    public KeyId Id { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static bool TryCreate(ReadOnlySpan<byte> xwing, [NotNullWhen(true)] out EncryptionPublicKey? key)
    {
        key = xwing.Length == Length ? new EncryptionPublicKey(xwing.ToArray()) : null;
        return key is not null;
    }

    /// <summary>The key as stored in configuration: the raw 1216-byte X-Wing public key (<see cref="TryCreate"/> reads it back).</summary>
    public byte[] Export() => (byte[])_bytes.Clone();

    public bool Equals(EncryptionPublicKey? other) => other is not null && Id == other.Id;

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() => $"encryption-key {Id}";
}
