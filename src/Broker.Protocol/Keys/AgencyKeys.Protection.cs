using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Broker.Protocol.Crypto;
using Broker.Protocol.Encoding;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Broker.Protocol.Keys;

public sealed partial class AgencyKeys
{
    /// <summary>Argon2id cost of a new key file: 64 MiB, 3 passes, 1 lane (RFC 9106 second recommended option).</summary>
    internal static Argon2Cost DefaultCost { get; } = new(64 * 1024, 3, 1);

    /// <summary>
    /// The key file (keys-and-registry.md §2): CBOR <c>{1: 1, 2: [memory KiB, passes, lanes], 3: salt, 4: nonce, 5: ciphertext}</c>;
    /// AES-256-GCM under Argon2id(passphrase, salt) over CBOR <c>{1: agency, 2: signing seed, 3: encryption seed}</c>, with the
    /// cost and salt in the aad so they cannot be swapped.
    /// </summary>
    public byte[] ExportProtected(ReadOnlySpan<char> passphrase) => ExportProtected(passphrase, DefaultCost);

    internal byte[] ExportProtected(ReadOnlySpan<char> passphrase, Argon2Cost cost)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var inner = Cbor.Writer();
        inner.WriteStartMap(3);
        inner.WriteUInt32(1);
        inner.WriteTextString(Agency.Value);
        inner.WriteUInt32(2);
        inner.WriteByteString(Signing.Seed);
        inner.WriteUInt32(3);
        inner.WriteByteString(Encryption.Seed);
        inner.WriteEndMap();
        var plaintext = inner.Encode();
        var key = DeriveKey(passphrase, salt, cost);
        try
        {
            var ciphertext = Aes256Gcm.Seal(key, nonce, plaintext, Aad(cost, salt));
            var w = Cbor.Writer();
            w.WriteStartMap(5);
            w.WriteUInt32(1);
            w.WriteInt32(1);
            w.WriteUInt32(2);
            w.WriteStartArray(3);
            w.WriteInt32(cost.MemoryKiB);
            w.WriteInt32(cost.Passes);
            w.WriteInt32(cost.Lanes);
            w.WriteEndArray();
            w.WriteUInt32(3);
            w.WriteByteString(salt);
            w.WriteUInt32(4);
            w.WriteByteString(nonce);
            w.WriteUInt32(5);
            w.WriteByteString(ciphertext);
            w.WriteEndMap();
            return w.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Reads a key file; <see cref="RejectReason.WrongPassphrase"/> when the tag fails, <see cref="RejectReason.KeyFileInvalid"/> for anything malformed.</summary>
    public static bool TryImportProtected(ReadOnlySpan<byte> file, ReadOnlySpan<char> passphrase, [NotNullWhen(true)] out AgencyKeys? keys, out RejectReason reason)
    {
        keys = null;
        if (!Cbor.TryDecode(file.ToArray(), 4096, KeyFile.Read, out var parsed, out reason))
        {
            reason = RejectReason.KeyFileInvalid;
            return false;
        }

        var key = DeriveKey(passphrase, parsed!.Salt, parsed.Cost);
        byte[]? plaintext = null;
        try
        {
            if (!Aes256Gcm.TryOpen(key, parsed.Nonce, parsed.Ciphertext, Aad(parsed.Cost, parsed.Salt), out plaintext))
            {
                reason = RejectReason.WrongPassphrase;
                return false;
            }

            if (!Cbor.TryDecode(plaintext!, 1024, KeyFile.ReadSecrets, out keys, out _))
            {
                reason = RejectReason.KeyFileInvalid;
                return false;
            }

            reason = RejectReason.None;
            return keys is not null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    private static byte[] Aad(Argon2Cost cost, ReadOnlySpan<byte> salt)
    {
        var aad = new byte[21 + 12 + salt.Length];
        "broker/v1/agency-keys"u8.CopyTo(aad);
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(21), cost.MemoryKiB);
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(25), cost.Passes);
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(29), cost.Lanes);
        salt.CopyTo(aad.AsSpan(33));
        return aad;
    }

    private static byte[] DeriveKey(ReadOnlySpan<char> passphrase, byte[] salt, Argon2Cost cost)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13).WithSalt(salt)
            .WithMemoryAsKB(cost.MemoryKiB).WithIterations(cost.Passes).WithParallelism(cost.Lanes).Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        var password = System.Text.Encoding.UTF8.GetBytes(passphrase.ToArray());
        var key = new byte[32];
        try
        {
            generator.GenerateBytes(password, key);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }
}
