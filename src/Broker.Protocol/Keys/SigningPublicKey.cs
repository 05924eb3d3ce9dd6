using System.Diagnostics.CodeAnalysis;
using Broker.Protocol.Encoding;

namespace Broker.Protocol.Keys;

/// <summary>
/// A composite verification key: Ed25519 (32 bytes) and ML-DSA-65 (1952 bytes). Its <see cref="Id"/> is
/// SHA-256("broker/v1/signing-key" ‖ ed25519 ‖ ml-dsa-65)[0..16]. Equality is equality of the key material.
/// </summary>
public sealed record SigningPublicKey
{
    public const int Ed25519Length = 32;
    public const int MlDsa65Length = 1952;
    internal const string IdLabel = "broker/v1/signing-key";

    private readonly byte[] _ed25519;
    private readonly byte[] _mlDsa65;

    private SigningPublicKey(byte[] ed25519, byte[] mlDsa65)
    {
        _ed25519 = ed25519;
        _mlDsa65 = mlDsa65;
        Id = KeyId.Derive(IdLabel, ed25519, mlDsa65);
    }

    public KeyId Id { get; }

    public ReadOnlySpan<byte> Ed25519 => _ed25519;

    public ReadOnlySpan<byte> MlDsa65 => _mlDsa65;

    /// <summary>Accepts the two halves when their sizes are right; the key material itself is checked when a signature is verified.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> ed25519, ReadOnlySpan<byte> mlDsa65, [NotNullWhen(true)] out SigningPublicKey? key)
    {
        key = ed25519.Length == Ed25519Length && mlDsa65.Length == MlDsa65Length ? new SigningPublicKey(ed25519.ToArray(), mlDsa65.ToArray()) : null;
        return key is not null;
    }

    /// <summary>The key as stored in configuration and key files: deterministic CBOR <c>[ed25519, ml-dsa-65]</c>.</summary>
    public byte[] Export()
    {
        var w = Cbor.Writer();
        w.WriteStartArray(2);
        w.WriteByteString(_ed25519);
        w.WriteByteString(_mlDsa65);
        w.WriteEndArray();
        return w.Encode();
    }

    /// <summary>Reads what <see cref="Export"/> wrote; false for anything else.</summary>
    public static bool TryImport(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out SigningPublicKey? key)
    {
        Cbor.TryDecode(bytes.ToArray(), 4096, r =>
        {
            r.ReadTuple(2);
            var ed = r.ReadBytes(Ed25519Length);
            var ml = r.ReadBytes(MlDsa65Length);
            r.ReadEndArray();
            return new SigningPublicKey(ed.ToArray(), ml.ToArray());
        }, out key, out _);
        return key is not null;
    }

    public bool Equals(SigningPublicKey? other) => other is not null && Id == other.Id;

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() => $"signing-key {Id}";
}
