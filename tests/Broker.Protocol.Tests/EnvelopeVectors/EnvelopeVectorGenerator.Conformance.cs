using System.Formats.Cbor;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Broker.Protocol.Crypto;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.EnvelopeVectors;

/// <summary>
/// Issue 12: a vector for every reject code the first vectors did not cover (100, 101, 107-112, 203, 300-305, 308, 402, 403, 502,
/// 504), for each normative choice of envelope-v1.md that two readers could otherwise make differently (index caps, list maxima,
/// lengths in bytes, map counts in pairs, closed key windows, every header recipient looked up, all-zero X25519, cofactored
/// Ed25519), and for key rotation. Appended after the original entries, so those stay byte-identical.
/// </summary>
internal static partial class EnvelopeVectorGenerator
{
    /// <summary>Alternative signed registries, by name; vectors that name one are checked against it instead of signed_registry.</summary>
    internal sealed record RegistryVariant(string Name, string Description, byte[] Signed);

    /// <summary>An envelope that must verify (stage verify) or also open (stage open) to <c>view</c> and <c>plaintext</c>.</summary>
    internal sealed record Acceptance(string Name, string Description, byte[] Envelope, DateTimeOffset Now, string? OpenAs = null, string? Registry = null, byte[]? OpenWithEncryptionSeed = null);

    internal static readonly byte[] RotatedSigningSeed = VectorWorld.Fill(0x30);
    internal static readonly byte[] RotatedEncryptionSeed = VectorWorld.Fill(0x33);
    private static readonly DateTimeOffset RotationStart = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RotationOldEnd = new(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);

    internal static IReadOnlyList<RegistryVariant> Registries() =>
    [
        new("th-signing-key-revoked", "TH-ONCB's only signing key is revoked.", VectorWorld.SignedRegistry(a => a.Id.Value != "TH-ONCB" ? a
            : a with { SigningKeys = [a.SigningKeys[0] with { Status = KeyStatus.Revoked, RevokedAt = VectorWorld.KeysFrom }] })),
        new("th-suspended", "TH-ONCB is suspended; its keys are unchanged.", VectorWorld.SignedRegistry(a => a.Id.Value != "TH-ONCB" ? a : a with { Status = AgencyStatus.Suspended })),
        new("sg-encryption-key-revoked", "SG-CNB's only encryption key is revoked.", VectorWorld.SignedRegistry(a => a.Id.Value != "SG-CNB" ? a
            : a with { EncryptionKeys = [a.EncryptionKeys[0] with { Status = KeyStatus.Revoked, RevokedAt = VectorWorld.KeysFrom }] })),
        new("sg-encryption-key-from-december", "SG-CNB's encryption key is valid from 2026-12-01 only.", VectorWorld.SignedRegistry(a => a.Id.Value != "SG-CNB" ? a
            : a with { EncryptionKeys = [a.EncryptionKeys[0] with { NotBefore = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) }] })),
        new("rotation", "Rotation in progress: TH-ONCB's signing key (seed 0x10..) is retired until 2026-12-31 and a new one (signing seed 0x30..) is active from 2026-11-01; SG-CNB's encryption key (seed 0x23..) is retired until 2026-12-31 and a new one (encryption seed 0x33..) is active from 2026-11-01.", VectorWorld.SignedRegistry(Rotate)),
    ];

    private static AgencyEntry Rotate(AgencyEntry a)
    {
        if (a.Id.Value == "TH-ONCB")
        {
            using var rotated = SigningKeyPair.FromSeed(RotatedSigningSeed);
            return a with
            {
                SigningKeys = [a.SigningKeys[0] with { NotAfter = RotationOldEnd, Status = KeyStatus.Retired }, new RegisteredSigningKey(rotated.PublicKey, RotationStart, VectorWorld.KeysTo, KeyStatus.Active, null)],
            };
        }

        if (a.Id.Value == "SG-CNB")
        {
            using var rotated = EncryptionKeyPair.FromSeed(RotatedEncryptionSeed);
            return a with
            {
                EncryptionKeys = [a.EncryptionKeys[0] with { NotAfter = RotationOldEnd, Status = KeyStatus.Retired }, new RegisteredEncryptionKey(rotated.PublicKey, RotationStart, VectorWorld.KeysTo, KeyStatus.Active, null)],
            };
        }

        return a;
    }

    internal static TrustRegistry LoadVariant(byte[] signed)
    {
        using var registryKey = SigningKeyPair.FromSeed(VectorWorld.RegistrySeed);
        return TrustRegistry.TryLoad(signed, registryKey.PublicKey, out var registry, out var reason) ? registry : throw new InvalidOperationException($"Registry variant did not load: {reason}.");
    }

    private static void WriteRegistries(Utf8JsonWriter json, IReadOnlyList<RegistryVariant> variants)
    {
        json.WriteStartArray("registries");
        foreach (var v in variants)
        {
            json.WriteStartObject();
            json.WriteString("name", v.Name);
            json.WriteString("description", v.Description);
            Hex(json, "signed_registry", v.Signed);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Corrupted entries for the conformance cases (issue 12), appended after <see cref="Corruptions"/>.</summary>
    internal static IEnumerable<Corruption> Conformance(byte[] first)
    {
        var wire = Tamper.Parse(first);
        using var th = VectorWorld.Keys("TH-ONCB");
        var tail = Parts(wire);
        const int MiB4 = 4 * 1024 * 1024;

        // Structure (§3, §4).
        yield return new("view-entry-wrong-arity", "View 0 is [index, ciphertext, h''] (three elements).", RawMap((1, Bstr(wire.HeaderBytes.Span)), (2, tail.Signature), (3, Encode(w =>
        {
            w.WriteStartArray(2);
            w.WriteStartArray(3); w.WriteUInt32(0); w.WriteByteString(wire.Views[0].Ciphertext.Span); w.WriteByteString([]); w.WriteEndArray();
            w.WriteStartArray(2); w.WriteUInt32(1); w.WriteByteString(wire.Views[1].Ciphertext.Span); w.WriteEndArray();
            w.WriteEndArray();
        })), (4, tail.Stanzas)));
        yield return new("too-large", "The genuine envelope followed by zero bytes up to 4 MiB + 1 in total (append_zero_bytes): the size is checked before parsing, so this is not TrailingBytes.", first, AppendZeroBytes: MiB4 + 1 - first.Length);
        yield return new("map-count-is-pairs", "a2 18 01 00: a map of 2 pairs with 3 bytes left. A map count is pairs and each pair needs two bytes, so this is Truncated before the non-shortest key is walked (§3 rule 5).", [0xA2, 0x18, 0x01, 0x00]);
        yield return new("envelope-key-4-missing", "Envelope map with keys 1, 2, 3 only.", RawMap((1, Bstr(wire.HeaderBytes.Span)), (2, tail.Signature), (3, tail.Views)));
        yield return new("envelope-unknown-key-5", "Envelope map with a fifth key, 5: 0.", RawMap((1, Bstr(wire.HeaderBytes.Span)), (2, tail.Signature), (3, tail.Views), (4, tail.Stanzas), (5, [0x00])));
        yield return new("view-index-8", "A view with index 8: above the highest index a header can define (7), so InvalidField, not InvalidReference.", Tamper.Write(wire with { Views = [wire.Views[0], wire.Views[1] with { Index = 8 }] }));
        yield return new("stanza-index-64", "A stanza with index 64: above the highest recipient index (63), so InvalidField, not InvalidReference.", Tamper.Write(wire with { Stanzas = [wire.Stanzas[0], wire.Stanzas[1], wire.Stanzas[2] with { RecipientIndex = 64 }] }));
        yield return new("views-list-over-8", "Nine entries in the views list (indexes 0-8): LimitExceeded on the count, before any entry is read.", RawMap((1, Bstr(wire.HeaderBytes.Span)), (2, tail.Signature), (3, Encode(w =>
        {
            w.WriteStartArray(9);
            for (var i = 0; i < 9; i++)
            {
                w.WriteStartArray(2); w.WriteUInt32((uint)i); w.WriteByteString(wire.Views[0].Ciphertext.Span); w.WriteEndArray();
            }

            w.WriteEndArray();
        })), (4, tail.Stanzas)));
        yield return new("stanza-index-beyond-recipients", "The last stanza's index set to 3; the header has 3 recipients.", Tamper.Write(wire with { Stanzas = [wire.Stanzas[0], wire.Stanzas[1], wire.Stanzas[2] with { RecipientIndex = 3 }] }));
        yield return new("view-index-beyond-views", "View 1's index set to 2; the header has 2 views.", Tamper.Write(wire with { Views = [wire.Views[0], wire.Views[1] with { Index = 2 }] }));
        yield return new("stanza-repeated", "The second stanza repeated in place of the third (indexes 0, 1, 1).", Tamper.Write(wire with { Stanzas = [wire.Stanzas[0], wire.Stanzas[1], wire.Stanzas[1]] }));

        // Header texts (§2 characters, §4.1 patterns), re-signed by the genuine sender so only the text is wrong.
        yield return new("recipient-id-trailing-newline", "Recipient \"SG-CNB\\n\" in the header, re-signed by TH-ONCB.", ReplaceText(wire, "SG-CNB", "SG-CNB\n", th.Signing));
        yield return new("data-class-trailing-newline", "Data class \"personal.identity\\n\" in view 0, re-signed by TH-ONCB.", ReplaceText(wire, "personal.identity", "personal.identity\n", th.Signing));
        yield return new("sender-id-trailing-newline", "Sender \"TH-ONCB\\n\", re-signed by TH-ONCB.", ReplaceText(wire, "TH-ONCB", "TH-ONCB\n", th.Signing));
        yield return new("data-class-over-64-bytes", "Data class \"a.\" followed by 32 × U+00E9: 34 code points, 66 UTF-8 bytes. Lengths are bytes (§2): LimitExceeded, not the InvalidField its pattern would give.", ReplaceText(wire, "operational.general", "a." + new string('\u00e9', 32), th.Signing));
        yield return new("agency-id-over-19-bytes", "Sender \"TH-\" followed by 9 × U+00C9: 12 code points, 21 UTF-8 bytes: LimitExceeded.", ReplaceText(wire, "TH-ONCB", "TH-" + new string('\u00c9', 9), th.Signing));

        // Signature (§5, §6).
        yield return new("signature-suite-differs", "Signature suite 2 under a header of suite 1.", Tamper.WithSignatureArray(wire, w =>
        {
            w.WriteStartArray(4); w.WriteInt32(2); w.WriteByteString(wire.Signature.KeyId.Bytes); w.WriteByteString(wire.Signature.Ed25519.Span); w.WriteByteString(wire.Signature.MlDsa65.Span); w.WriteEndArray();
        }));
        using (var ru = VectorWorld.Keys("RU-MVD"))
        {
            yield return new("signature-key-id-mismatch", "The signature names RU-MVD's signing key id; the header names TH-ONCB's.", Tamper.Write(wire with { Signature = wire.Signature with { KeyId = ru.Signing.Id } }));
        }

        yield return new("ed25519-s-not-reduced", "The Ed25519 half with L added to S (S >= L).", Tamper.Write(wire with { Signature = wire.Signature with { Ed25519 = AddL(wire.Signature.Ed25519.Span) } }));
        yield return new("ed25519-non-canonical-r", "An Ed25519 half made with r = 0 and R encoded as y = p + 1 (the identity, non-canonical): a ZIP-215 or reducing verifier accepts it; RFC 8032 strict decoding refuses it.", Tamper.Write(wire with { Signature = wire.Signature with { Ed25519 = ForgeEd25519(0, NonCanonicalIdentity, wire.HeaderBytes.Span) } }));

        // Times (§9.1 step 2), re-sealed by the sender.
        yield return new("lifetime-too-long", "expires = created + 30 days + 1 ms, sealed by TH-ONCB.", Forge(wire, h => h with { Expires = h.Created.AddDays(30).AddMilliseconds(1) }, th));
        yield return new("expires-equals-created", "expires = created, sealed by TH-ONCB.", Forge(wire, h => h with { Expires = h.Created }, th));

        // Registry (§9.1 steps 3 and 6, [KEYS]).
        yield return new("sender-unknown-agency", "Sender VN-C04 (not in the registry), sealed with TH-ONCB's keys.", Forge(wire, h => h with { Sender = AgencyId.Parse("VN-C04") }, th));
        yield return new("sender-unknown-key", "Sender key id replaced by 16 bytes of 0x5a, sealed with TH-ONCB's keys.", Forge(wire, h => h with { SenderKeyId = KeyId.FromBytes(VectorWorld.Fill(0x5A).AsSpan(0, 16)) }, th));
        yield return new("sender-signing-key-revoked", "The genuine envelope against a registry where TH-ONCB's signing key is revoked.", first, Registry: "th-signing-key-revoked");
        yield return new("sender-agency-suspended", "The genuine envelope against a registry where TH-ONCB is suspended.", first, Registry: "th-suspended");
        yield return new("recipient-key-revoked", "The genuine envelope against a registry where SG-CNB's encryption key is revoked.", first, Registry: "sg-encryption-key-revoked");
        yield return new("recipient-key-not-yet-valid", "The genuine envelope (created 2026-11-28) against a registry where SG-CNB's encryption key is valid from 2026-12-01.", first, Registry: "sg-encryption-key-from-december");
        yield return new("stripped-recipient-key-revoked", "The genuine envelope stripped to RU-MVD (SG-CNB's stanza gone) against a registry where SG-CNB's key is revoked: every header recipient is looked up (§9.1 step 6).", Tamper.Write(wire with { Views = [wire.Views[0]], Stanzas = [wire.Stanzas.Single(s => wire.Header.Recipients[s.RecipientIndex].Agency.Value == "RU-MVD")] }), Registry: "sg-encryption-key-revoked");
        yield return new("header-recipient-unknown-without-stanza", "VN-C04 (not in the registry) added to the header without a stanza, sealed by TH-ONCB.", Forge(wire, h => h with { Recipients = [.. h.Recipients, new HeaderRecipient(AgencyId.Parse("VN-C04"), 1, KeyId.FromBytes(VectorWorld.Fill(0x5B).AsSpan(0, 16)))] }, th));
        foreach (var (name, created, what) in new[]
        {
            ("key-window-before-not-before", VectorWorld.KeysFrom.AddMilliseconds(-1), "one millisecond before the keys' not-before"),
            ("key-window-after-not-after", VectorWorld.KeysTo.AddMilliseconds(1), "one millisecond after the keys' not-after"),
        })
        {
            yield return new(name, $"Sealed by TH-ONCB with created {what}; checked one minute after created.", SealAt(created), Now: created.AddMinutes(1));
        }

        // Opening (§8, §9.2).
        yield return new("recipient-holds-another-key", "The genuine envelope opened by SG-CNB holding only the encryption key of seed 0x33.. (open_with_encryption_seed).", first, "SG-CNB", OpenWithEncryptionSeed: RotatedEncryptionSeed);
        yield return new("rotation-recipient-lacks-listed-key", "Sealed during rotation to SG-CNB's new key (accepted entry rotation-new-keys); SG-CNB opening with its old key only.", RotationEnvelope(), "SG-CNB", Registry: "rotation");
        yield return new("view-forged-by-sender", "The sender seals view 1 with one bit of its GCM tag flipped and signs the hash of that ciphertext: hash and commitment match, decryption fails.", Forge(wire, h => h, th, views => [views[0], views[1] with { Ciphertext = FlipLast(views[1].Ciphertext) }]), "MY-PDRM");
        yield return new("view-stripped-stanza-kept", "View 0 removed, RU-MVD's stanza kept.", Tamper.Write(wire with { Views = [wire.Views[1]] }), "RU-MVD");
        yield return new("x25519-all-zero-shared-secret", "RU-MVD's stanza made by the sender with ct_X = 32 zero bytes (a small-order point), so ss_X is all zero; otherwise a correct wrap of RU-MVD's content key. Refused (§8); a reader without the check would open it.", Tamper.Write(wire with { Stanzas = AllZeroStanza(wire, "RU-MVD") }), "RU-MVD");
    }

    internal static IEnumerable<Acceptance> Accepted(byte[] first)
    {
        var wire = Tamper.Parse(first);
        yield return new("key-window-at-not-before", "Sealed by TH-ONCB with created = the keys' not-before exactly: the window is closed at both ends.", SealAt(VectorWorld.KeysFrom), VectorWorld.KeysFrom.AddMinutes(1), "RU-MVD");
        yield return new("key-window-at-not-after", "Sealed by TH-ONCB with created = the keys' not-after exactly.", SealAt(VectorWorld.KeysTo), VectorWorld.KeysTo.AddMinutes(1), "RU-MVD");
        yield return new("ed25519-mixed-torsion-r", "The genuine header with an Ed25519 half made with r = 0 and R = a point of order 8: it satisfies the cofactored equation (required, §6) and not the cofactorless one.", Tamper.Write(wire with { Signature = wire.Signature with { Ed25519 = ForgeEd25519(0, OrderEightPoint, wire.HeaderBytes.Span) } }), VectorWorld.Now, "RU-MVD");
        yield return new("rotation-new-keys", "Sealed during rotation by TH-ONCB's new signing key (seed 0x30..) to RU-MVD and to SG-CNB's new encryption key (the active key with the latest not-before); SG-CNB opens with its new key.", RotationEnvelope(), VectorWorld.Now, "SG-CNB", "rotation", RotatedEncryptionSeed);
        yield return new("rotation-retired-keys", "The genuine envelope (TH-ONCB's now retired signing key, SG-CNB's now retired encryption key) during rotation: retired keys verify and open inside their window.", first, VectorWorld.Now, "SG-CNB", "rotation");
    }

    private static void WriteAccepted(Utf8JsonWriter json, IReadOnlyList<RegistryVariant> variants, byte[] first)
    {
        json.WriteStartArray("accepted");
        foreach (var a in Accepted(first))
        {
            var registry = LoadVariant(a.Registry is null ? VectorWorld.SignedRegistry() : variants.Single(v => v.Name == a.Registry).Signed);
            json.WriteStartObject();
            json.WriteString("name", a.Name);
            json.WriteString("description", a.Description);
            json.WriteString("stage", "open");
            json.WriteString("agency", a.OpenAs);
            if (a.Registry is not null)
            {
                json.WriteString("registry", a.Registry);
            }

            if (a.OpenWithEncryptionSeed is not null)
            {
                Hex(json, "open_with_encryption_seed", a.OpenWithEncryptionSeed);
            }

            json.WriteNumber("now_ms", a.Now.ToUnixTimeMilliseconds());
            using var keys = OpenerKeys(a.OpenAs!, a.OpenWithEncryptionSeed);
            if (!Envelope.TryOpen(a.Envelope, keys, registry, a.Now, out var opened, out var reason))
            {
                throw new InvalidOperationException($"Accepted vector {a.Name} does not open: {reason}.");
            }

            json.WriteNumber("view", opened.ViewIndex);
            Hex(json, "plaintext", opened.Plaintext);
            Hex(json, "envelope", a.Envelope);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    internal static AgencyKeys OpenerKeys(string agency, byte[]? encryptionSeed)
    {
        var i = Array.IndexOf(VectorWorld.Agencies, agency);
        return new AgencyKeys(AgencyId.Parse(agency), SigningKeyPair.FromSeed(VectorWorld.SigningSeed(i)), EncryptionKeyPair.FromSeed(encryptionSeed ?? VectorWorld.EncryptionSeed(i)));
    }

    private static byte[] SealAt(DateTimeOffset created)
    {
        using var sender = VectorWorld.Keys("TH-ONCB");
        var request = Request("0123456789abcdef0123456789abcd01", [FullView, RedactedView], ("RU-MVD", 0), ("MY-PDRM", 1), ("SG-CNB", 1)) with { Created = created, Expires = created.AddDays(2) };
        return Envelope.Seal(request, sender, new SeededEntropy(VectorWorld.Fill(0x04)));
    }

    private static byte[] RotationEnvelope()
    {
        var registry = LoadVariant(VectorWorld.SignedRegistry(Rotate));
        using var sender = new AgencyKeys(AgencyId.Parse("TH-ONCB"), SigningKeyPair.FromSeed(RotatedSigningSeed), EncryptionKeyPair.FromSeed(VectorWorld.EncryptionSeed(0)));
        var recipients = new[] { ("RU-MVD", 0), ("SG-CNB", 1) }.Select(r =>
        {
            // The sender's rule (§9.2): the active key valid at created with the latest not-before.
            registry.TryGetEncryptionKey(AgencyId.Parse(r.Item1), VectorWorld.Created, out var key, out _);
            return new RecipientSpec(AgencyId.Parse(r.Item1), r.Item2, key!);
        }).ToList();
        var request = Request("0123456789abcdef0123456789abcd02", [FullView, RedactedView], ("RU-MVD", 0)) with { Recipients = recipients };
        return Envelope.Seal(request, sender, new SeededEntropy(VectorWorld.Fill(0x05)));
    }

    // ---- building blocks ----

    private sealed record EncodedParts(byte[] Signature, byte[] Views, byte[] Stanzas);

    private static EncodedParts Parts(EnvelopeWire wire)
    {
        var reader = new CborReader(Tamper.Write(wire));
        reader.ReadStartMap();
        reader.ReadUInt32();
        reader.SkipValue();
        reader.ReadUInt32();
        var signature = reader.ReadEncodedValue().ToArray();
        reader.ReadUInt32();
        var views = reader.ReadEncodedValue().ToArray();
        reader.ReadUInt32();
        return new EncodedParts(signature, views, reader.ReadEncodedValue().ToArray());
    }

    private static byte[] Encode(Action<CborWriter> write)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        write(w);
        return w.Encode();
    }

    private static byte[] Bstr(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        return Encode(w => w.WriteByteString(copy));
    }

    private static byte[] RawMap(params (uint Key, byte[] Value)[] entries) => Encode(w =>
    {
        w.WriteStartMap(entries.Length);
        foreach (var (key, value) in entries)
        {
            w.WriteUInt32(key);
            w.WriteEncodedValue(value);
        }

        w.WriteEndMap();
    });

    /// <summary>Replaces one text string of the header (first occurrence) and re-signs; stanzas and views are kept as they are.</summary>
    private static byte[] ReplaceText(EnvelopeWire wire, string from, string to, SigningKeyPair signer)
    {
        var old = Encode(w => w.WriteTextString(from));
        var replacement = Encode(w => w.WriteTextString(to));
        var at = wire.HeaderBytes.Span.IndexOf(old);
        if (at < 0)
        {
            throw new InvalidOperationException($"{from} not in the header.");
        }

        byte[] header = [.. wire.HeaderBytes.Span[..at], .. replacement, .. wire.HeaderBytes.Span[(at + old.Length)..]];
        return Tamper.Write(wire with { HeaderBytes = header, Signature = Tamper.Sign(header, signer, deterministic: true) });
    }

    /// <summary>
    /// What a sender holding its own keys can make: the first vector's content keys (entropy seed 0x01), a changed header and
    /// optionally changed view ciphertexts (their hashes re-signed), every stanza re-wrapped to the new header hash.
    /// </summary>
    private static byte[] Forge(EnvelopeWire wire, Func<EnvelopeHeader, EnvelopeHeader> change, AgencyKeys signer, Func<IReadOnlyList<WireView>, IReadOnlyList<WireView>>? views = null)
    {
        var ceks = FirstCeks();
        var newViews = views?.Invoke(wire.Views) ?? wire.Views;
        var header = change(wire.Header);
        header = header with { Views = header.Views.Select(v => v with { CiphertextHash = SHA256.HashData(newViews.Single(x => x.Index == v.Index).Ciphertext.Span) }).ToList() };
        var headerBytes = HeaderCodec.Write(header);
        var headerHash = SHA256.HashData(headerBytes);
        var stanzas = wire.Stanzas.Select(s =>
        {
            var recipient = header.Recipients[s.RecipientIndex];
            using var keys = VectorWorld.Keys(recipient.Agency.Value);
            var info = Bindings.StanzaInfo(headerHash, recipient.EncryptionKeyId, recipient.Agency);
            Hpke.TrySetupSender(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, HpkeMode.Base, keys.Encryption.PublicKey.Bytes, info, [], [], [], Enumerable.Repeat((byte)(0x60 + s.RecipientIndex), 64).ToArray(), out var enc, out var context);
            using (context)
            {
                return new WireStanza(s.RecipientIndex, enc, context!.Seal([], ceks[recipient.ViewIndex]));
            }
        }).ToList();
        return Tamper.Write(new EnvelopeWire(headerBytes, header, Tamper.Sign(headerBytes, signer.Signing, deterministic: true), newViews, stanzas));
    }

    private static byte[][] FirstCeks()
    {
        var entropy = new SeededEntropy(VectorWorld.Fill(0x01));
        var ceks = new[] { new byte[32], new byte[32] };
        entropy.Fill(ceks[0]);
        entropy.Fill(ceks[1]);
        return ceks;
    }

    private static ReadOnlyMemory<byte> FlipLast(ReadOnlyMemory<byte> bytes)
    {
        var copy = bytes.ToArray();
        copy[^1] ^= 0x01;
        return copy;
    }

    /// <summary>An X-Wing stanza whose X25519 part is the all-zero point: ss_X = 0^32 for any recipient key.</summary>
    private static List<WireStanza> AllZeroStanza(EnvelopeWire wire, string agency)
    {
        using var keys = VectorWorld.Keys(agency);
        var index = wire.Header.Recipients.ToList().FindIndex(r => r.Agency.Value == agency);
        var entry = wire.Header.Recipients[index];
        var pk = keys.Encryption.PublicKey.Bytes;
        var pkM = pk[..MlKem768.EncapsulationKeySize];
        var pkX = pk[MlKem768.EncapsulationKeySize..];
        var ctM = new byte[MlKem768.CiphertextSize];
        var ssM = new byte[MlKem768.SharedSecretSize];
        MlKem768.TryEncapsulateDeterministic(pkM, VectorWorld.Fill(0x66), ctM, ssM);
        var ctX = new byte[32];
        var shared = new byte[32];
        XWing.Combine(ssM, new byte[32], ctX, pkX, shared);
        var info = Bindings.StanzaInfo(SHA256.HashData(wire.HeaderBytes.Span), entry.EncryptionKeyId, entry.Agency);
        using var context = Hpke.KeySchedule(HpkeKemId.XWing, HpkeAeadId.Aes256Gcm, HpkeMode.Base, shared, info, [], []);
        var stanza = new WireStanza(index, ctM.Concat(ctX).ToArray(), context.Seal([], FirstCeks()[entry.ViewIndex]));
        return wire.Stanzas.Select(s => s.RecipientIndex == index ? stanza : s).ToList();
    }

    // ---- Ed25519 by hand (RFC 8032), only what the forged halves need: scalars mod L and fixed encodings of R ----

    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>y = p + 1 = 2^255 - 18: a non-canonical encoding of the identity (y = 1).</summary>
    private static readonly byte[] NonCanonicalIdentity = Le(BigInteger.Pow(2, 255) - 18);

    /// <summary>A point of order 8 (canonical encoding).</summary>
    private static readonly byte[] OrderEightPoint = Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");

    /// <summary>R || S with S = r + k·a mod L, k = SHA-512(R || A || transcript) mod L, for TH-ONCB's Ed25519 key and a chosen R (with R = [r]B + torsion).</summary>
    private static byte[] ForgeEd25519(int r, byte[] rBytes, ReadOnlySpan<byte> headerBytes)
    {
        var edSeed = HkdfSha256.DeriveKey(VectorWorld.SigningSeed(0), [], "broker/v1/signing/ed25519"u8, 32);
        var h = SHA512.HashData(edSeed);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        var a = new BigInteger(h.AsSpan(0, 32), isUnsigned: true);
        using var keys = VectorWorld.Keys("TH-ONCB");
        var transcript = CompositeSignature.Transcript(Suite.V1Hybrid, "broker/v1/envelope"u8, headerBytes);
        var k = new BigInteger(SHA512.HashData([.. rBytes, .. keys.Signing.PublicKey.Ed25519, .. transcript]), isUnsigned: true) % L;
        var s = (r + (k * a)) % L;
        return [.. rBytes, .. Le(s)];
    }

    private static byte[] AddL(ReadOnlySpan<byte> signature)
    {
        var s = new BigInteger(signature[32..], isUnsigned: true) + L;
        return [.. signature[..32], .. Le(s)];
    }

    private static byte[] Le(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }
}
