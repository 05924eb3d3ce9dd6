using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json;
using Broker.Protocol.Crypto;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.EnvelopeVectors;

internal static partial class EnvelopeVectorGenerator
{
    /// <summary>A corrupted envelope, who checks it (verify: the hub; open: that agency), at what time, and the code it must get.</summary>
    internal sealed record Corruption(string Name, string Description, byte[] Envelope, string? OpenAs = null, DateTimeOffset? Now = null,
        string? Registry = null, int AppendZeroBytes = 0, byte[]? OpenWithEncryptionSeed = null)
    {
        /// <summary>The bytes a reader gets: the envelope, then <see cref="AppendZeroBytes"/> zero bytes (kept out of the file).</summary>
        public byte[] Input => AppendZeroBytes == 0 ? Envelope : [.. Envelope, .. new byte[AppendZeroBytes]];
    }

    private static void WriteCorrupted(Utf8JsonWriter json, IReadOnlyList<SealedCase> cases, TrustRegistry defaultRegistry, IReadOnlyList<RegistryVariant> variants)
    {
        json.WriteStartArray("corrupted");
        foreach (var c in Corruptions(cases[0].Envelope, cases[1].Envelope).Concat(Conformance(cases[0].Envelope)))
        {
            var now = c.Now ?? VectorWorld.Now;
            var registry = c.Registry is null ? defaultRegistry : LoadVariant(variants.Single(v => v.Name == c.Registry).Signed);
            RejectReason reason;
            if (c.OpenAs is null)
            {
                Envelope.TryVerify(c.Input, registry, now, out _, out reason);
            }
            else
            {
                using var keys = OpenerKeys(c.OpenAs, c.OpenWithEncryptionSeed);
                Envelope.TryOpen(c.Input, keys, registry, now, out _, out reason);
            }

            if (reason == RejectReason.None)
            {
                throw new InvalidOperationException($"Corrupted vector {c.Name} is accepted.");
            }

            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteString("description", c.Description);
            json.WriteString("stage", c.OpenAs is null ? "verify" : "open");
            if (c.OpenAs is not null)
            {
                json.WriteString("agency", c.OpenAs);
            }

            if (c.Registry is not null)
            {
                json.WriteString("registry", c.Registry);
            }

            if (c.OpenWithEncryptionSeed is not null)
            {
                Hex(json, "open_with_encryption_seed", c.OpenWithEncryptionSeed);
            }

            if (c.AppendZeroBytes != 0)
            {
                json.WriteNumber("append_zero_bytes", c.AppendZeroBytes);
            }

            json.WriteNumber("now_ms", now.ToUnixTimeMilliseconds());
            json.WriteNumber("reject", (int)reason);
            json.WriteString("reject_name", reason.ToString());
            Hex(json, "envelope", c.Envelope);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    internal static IEnumerable<Corruption> Corruptions(byte[] first, byte[] reply)
    {
        var wire = Tamper.Parse(first);
        using var th = VectorWorld.Keys("TH-ONCB");
        byte[] Flip(byte[] bytes, int at) { var copy = (byte[])bytes.Clone(); copy[at] ^= 0x01; return copy; }
        int Find(byte[] bytes, ReadOnlySpan<byte> part) => bytes.AsSpan().IndexOf(part);

        yield return new("header-id-bit-flipped", "One bit of the envelope id inside the signed header flipped.", Flip(first, Find(first, wire.Header.Id.Bytes)));
        yield return new("ml-dsa-bit-flipped", "One bit of the ML-DSA-65 half flipped; the Ed25519 half is intact.", Flip(first, Find(first, wire.Signature.MlDsa65.Span) + 100));
        yield return new("ml-dsa-half-removed", "Signature array holds only suite, key id and the Ed25519 half.", Tamper.WithSignatureArray(wire, w =>
        {
            w.WriteStartArray(3);
            w.WriteInt32(1);
            w.WriteByteString(wire.Signature.KeyId.Bytes);
            w.WriteByteString(wire.Signature.Ed25519.Span);
            w.WriteEndArray();
        }));
        yield return new("suite-downgraded", "Header suite set to 2 (reserved classical-only) and re-signed by the genuine sender.", Tamper.Resign(wire, wire.Header with { Suite = 2 }, th.Signing, deterministic: true));
        yield return new("suite-unknown", "Header suite set to 9 and re-signed by the genuine sender.", Tamper.Resign(wire, wire.Header with { Suite = 9 }, th.Signing, deterministic: true));
        yield return new("recipient-added", "SG-CNB's entry duplicated as VN-C04 in the header, not re-signed.", Tamper.Write(WithExtraRecipient(wire)));
        yield return new("view-ciphertext-bit-flipped", "One bit of view 0's ciphertext flipped.", Flip(first, Find(first, wire.Views[0].Ciphertext.Span) + 5));
        yield return new("views-swapped", "The ciphertexts of views 0 and 1 exchanged.", Tamper.Write(wire with { Views = [wire.Views[0] with { Ciphertext = wire.Views[1].Ciphertext }, wire.Views[1] with { Ciphertext = wire.Views[0].Ciphertext }] }));
        var other = Tamper.Parse(Reseal());
        var moved = wire.Stanzas.Select(s => wire.Header.Recipients[s.RecipientIndex].Agency.Value == "RU-MVD" ? other.Stanzas.Single(o => o.RecipientIndex == s.RecipientIndex) : s).ToList();
        yield return new("stanza-from-another-envelope", "RU-MVD's stanza replaced by its stanza from the same request sealed with entropy seed 0x03.", Tamper.Write(wire with { Stanzas = moved }), "RU-MVD");
        yield return new("stanza-moved-to-another-recipient", "MY-PDRM's and SG-CNB's stanzas (same view) exchanged.", Tamper.Write(wire with { Stanzas = SwapStanzas(wire, "MY-PDRM", "SG-CNB") }), "MY-PDRM");
        yield return new("key-commitment-mismatch", "RU-MVD's stanza wraps a content key other than the committed one (invisible-salamanders attempt).", Tamper.Write(wire with { Stanzas = UncommittedStanza(wire, "RU-MVD") }), "RU-MVD");
        yield return new("expired", "The genuine envelope checked one millisecond after it expires.", first, Now: wire.Header.Expires.AddMilliseconds(1));
        yield return new("created-in-future", "The genuine envelope checked six minutes before it was created.", first, Now: wire.Header.Created.AddMinutes(-6));
        yield return new("duplicate-map-key", "Top-level map with key 1 twice (the header) and no key 2.", DuplicateKey(first));
        yield return new("non-shortest-integer", "Top-level key 1 encoded as 0x18 0x01.", [first[0], 0x18, .. first.AsSpan(1)]);
        yield return new("indefinite-length", "Top-level map re-framed with indefinite length (0xbf ... 0xff).", [0xBF, .. first.AsSpan(1), 0xFF]);
        yield return new("trailing-byte", "A zero byte after the envelope.", [.. first, 0x00]);
        yield return new("truncated", "The last byte removed.", first[..^1]);
        yield return new("not-a-recipient", "The genuine reply opened by an agency it was not addressed to.", reply, "SG-CNB");
    }

    private static byte[] Reseal()
    {
        using var sender = VectorWorld.Keys("TH-ONCB");
        var request = Request("0123456789abcdef0123456789abcdef", [FullView, RedactedView], ("RU-MVD", 0), ("MY-PDRM", 1), ("SG-CNB", 1));
        return Envelope.Seal(request, sender, new SeededEntropy(VectorWorld.Fill(0x03)));
    }

    private static EnvelopeWire WithExtraRecipient(EnvelopeWire wire)
    {
        var header = wire.Header with { Recipients = [.. wire.Header.Recipients, wire.Header.Recipients[^1] with { Agency = AgencyId.Parse("VN-C04") }] };
        return wire with { HeaderBytes = HeaderCodec.Write(header), Header = header };
    }

    private static List<WireStanza> SwapStanzas(EnvelopeWire wire, string a, string b)
    {
        int Index(string agency) => wire.Header.Recipients.ToList().FindIndex(r => r.Agency.Value == agency);
        var (ia, ib) = (Index(a), Index(b));
        return wire.Stanzas.Select(s => s.RecipientIndex == ia ? wire.Stanzas.Single(x => x.RecipientIndex == ib) with { RecipientIndex = ia }
            : s.RecipientIndex == ib ? wire.Stanzas.Single(x => x.RecipientIndex == ia) with { RecipientIndex = ib } : s).ToList();
    }

    private static List<WireStanza> UncommittedStanza(EnvelopeWire wire, string agency)
    {
        using var keys = VectorWorld.Keys(agency);
        var index = wire.Header.Recipients.ToList().FindIndex(r => r.Agency.Value == agency);
        var info = Bindings.StanzaInfo(SHA256.HashData(wire.HeaderBytes.Span), keys.Encryption.Id, keys.Agency);
        Hpke.TrySetupSender(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, HpkeMode.Base, keys.Encryption.PublicKey.Bytes, info, [], [], [], Enumerable.Repeat((byte)0x77, 64).ToArray(), out var enc, out var context);
        using (context)
        {
            var stanza = new WireStanza(index, enc, context!.Seal([], Enumerable.Repeat((byte)0x42, 32).ToArray()));
            return wire.Stanzas.Select(s => s.RecipientIndex == index ? stanza : s).ToList();
        }
    }

    private static byte[] DuplicateKey(byte[] envelope)
    {
        var reader = new CborReader(envelope);
        reader.ReadStartMap();
        reader.ReadUInt32();
        var header = reader.ReadEncodedValue().ToArray();
        reader.ReadUInt32();
        reader.SkipValue();
        reader.ReadUInt32();
        var views = reader.ReadEncodedValue().ToArray();
        reader.ReadUInt32();
        var stanzas = reader.ReadEncodedValue().ToArray();
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartMap(4);
        w.WriteInt32(1);
        w.WriteEncodedValue(header);
        w.WriteInt32(1);
        w.WriteEncodedValue(header);
        w.WriteInt32(3);
        w.WriteEncodedValue(views);
        w.WriteInt32(4);
        w.WriteEncodedValue(stanzas);
        w.WriteEndMap();
        return w.Encode();
    }
}
