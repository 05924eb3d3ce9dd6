using System.Formats.Cbor;
using Broker.Protocol.Encoding;
using Broker.Protocol.Envelopes;

namespace Broker.Protocol.Keys;

/// <summary>Argon2id cost parameters; a key file outside [8 MiB..1 GiB, 1..16 passes, 1..8 lanes] is refused before any work is done.</summary>
internal sealed record Argon2Cost(int MemoryKiB, int Passes, int Lanes)
{
    public bool IsAcceptable => MemoryKiB is >= 8 * 1024 and <= 1024 * 1024 && Passes is >= 1 and <= 16 && Lanes is >= 1 and <= 8;
}

/// <summary>The parsed outer layer of a protected key file and the reader of its decrypted secrets.</summary>
internal sealed record KeyFile(Argon2Cost Cost, byte[] Salt, byte[] Nonce, byte[] Ciphertext)
{
    public static KeyFile Read(CborReader r)
    {
        RejectException.ThrowIf(r.ReadMap(5) != 5 || r.ReadKey() != 1 || r.ReadUInt(1) != 1, RejectReason.KeyFileInvalid);
        RejectException.ThrowIf(r.ReadKey() != 2, RejectReason.KeyFileInvalid);
        r.ReadTuple(3);
        var cost = new Argon2Cost((int)r.ReadUInt(int.MaxValue), (int)r.ReadUInt(int.MaxValue), (int)r.ReadUInt(int.MaxValue));
        r.ReadEndArray();
        RejectException.ThrowIf(!cost.IsAcceptable, RejectReason.KeyFileInvalid);
        RejectException.ThrowIf(r.ReadKey() != 3, RejectReason.KeyFileInvalid);
        var salt = r.ReadBytes(16).ToArray();
        RejectException.ThrowIf(r.ReadKey() != 4, RejectReason.KeyFileInvalid);
        var nonce = r.ReadBytes(12).ToArray();
        RejectException.ThrowIf(r.ReadKey() != 5, RejectReason.KeyFileInvalid);
        var ciphertext = r.ReadBytesUpTo(1024).ToArray();
        r.ReadEndMap();
        return new KeyFile(cost, salt, nonce, ciphertext);
    }

    public static AgencyKeys ReadSecrets(CborReader r)
    {
        RejectException.ThrowIf(r.ReadMap(3) != 3 || r.ReadKey() != 1, RejectReason.KeyFileInvalid);
        var agency = HeaderCodec.ReadAgency(r);
        RejectException.ThrowIf(r.ReadKey() != 2, RejectReason.KeyFileInvalid);
        var signing = r.ReadBytes(SigningKeyPair.SeedLength).Span;
        var signingPair = SigningKeyPair.FromSeed(signing);
        RejectException.ThrowIf(r.ReadKey() != 3, RejectReason.KeyFileInvalid);
        var encryption = EncryptionKeyPair.FromSeed(r.ReadBytes(EncryptionKeyPair.SeedLength).Span);
        r.ReadEndMap();
        return new AgencyKeys(agency, signingPair, encryption);
    }
}
