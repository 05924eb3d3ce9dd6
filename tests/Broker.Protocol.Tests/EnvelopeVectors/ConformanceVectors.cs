using System.Text.Json;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.EnvelopeVectors;

/// <summary>
/// Issue 12: the conformance entries of envelope-v1.json (registry variants, accepted envelopes, one corrupted entry per reject
/// code) read back and checked against the reference, and the list of codes that must have a vector.
/// </summary>
public sealed class ConformanceVectors
{
    /// <summary>Every code issue 12 listed as lacking a vector, and the cases it named.</summary>
    private static readonly Dictionary<string, RejectReason> Required = new()
    {
        ["view-entry-wrong-arity"] = RejectReason.Malformed,
        ["too-large"] = RejectReason.TooLarge,
        ["map-count-is-pairs"] = RejectReason.Truncated,
        ["envelope-key-4-missing"] = RejectReason.MissingField,
        ["envelope-unknown-key-5"] = RejectReason.UnknownField,
        ["view-index-8"] = RejectReason.InvalidField,
        ["stanza-index-64"] = RejectReason.InvalidField,
        ["recipient-id-trailing-newline"] = RejectReason.InvalidField,
        ["data-class-trailing-newline"] = RejectReason.InvalidField,
        ["sender-id-trailing-newline"] = RejectReason.InvalidField,
        ["views-list-over-8"] = RejectReason.LimitExceeded,
        ["data-class-over-64-bytes"] = RejectReason.LimitExceeded,
        ["agency-id-over-19-bytes"] = RejectReason.LimitExceeded,
        ["stanza-index-beyond-recipients"] = RejectReason.InvalidReference,
        ["view-index-beyond-views"] = RejectReason.InvalidReference,
        ["stanza-repeated"] = RejectReason.DuplicateEntry,
        ["signature-suite-differs"] = RejectReason.SuiteDowngrade,
        ["signature-key-id-mismatch"] = RejectReason.SignatureKeyMismatch,
        ["ed25519-s-not-reduced"] = RejectReason.Ed25519SignatureInvalid,
        ["ed25519-non-canonical-r"] = RejectReason.Ed25519SignatureInvalid,
        ["lifetime-too-long"] = RejectReason.LifetimeTooLong,
        ["expires-equals-created"] = RejectReason.ExpiresBeforeCreated,
        ["sender-unknown-agency"] = RejectReason.UnknownAgency,
        ["sender-unknown-key"] = RejectReason.UnknownKey,
        ["sender-signing-key-revoked"] = RejectReason.KeyRevoked,
        ["sender-agency-suspended"] = RejectReason.AgencySuspended,
        ["recipient-key-revoked"] = RejectReason.KeyRevoked,
        ["recipient-key-not-yet-valid"] = RejectReason.KeyNotYetValid,
        ["stripped-recipient-key-revoked"] = RejectReason.KeyRevoked,
        ["header-recipient-unknown-without-stanza"] = RejectReason.UnknownAgency,
        ["key-window-before-not-before"] = RejectReason.KeyNotYetValid,
        ["key-window-after-not-after"] = RejectReason.KeyExpired,
        ["recipient-holds-another-key"] = RejectReason.RecipientKeyMismatch,
        ["rotation-recipient-lacks-listed-key"] = RejectReason.RecipientKeyMismatch,
        ["view-forged-by-sender"] = RejectReason.ViewDecryptionFailed,
        ["view-stripped-stanza-kept"] = RejectReason.ViewMissing,
        ["x25519-all-zero-shared-secret"] = RejectReason.StanzaOpenFailed,
    };

    private static readonly string[] RequiredAccepted = ["key-window-at-not-before", "key-window-at-not-after", "ed25519-mixed-torsion-r", "rotation-new-keys", "rotation-retired-keys"];

    internal static byte[] Input(JsonElement item)
    {
        var envelope = Convert.FromHexString(item.GetProperty("envelope").GetString()!);
        return item.TryGetProperty("append_zero_bytes", out var extra) ? [.. envelope, .. new byte[extra.GetInt32()]] : envelope;
    }

    internal static TrustRegistry? Registry(JsonElement root, JsonElement item, SigningPublicKey anchor)
    {
        if (!item.TryGetProperty("registry", out var name))
        {
            return null;
        }

        var variant = root.GetProperty("registries").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name.GetString());
        Assert.That(TrustRegistry.TryLoad(Convert.FromHexString(variant.GetProperty("signed_registry").GetString()!), anchor, out var registry, out var reason), Is.True, reason.ToString());
        return registry;
    }

    internal static AgencyKeys Opener(JsonElement item, IReadOnlyDictionary<string, AgencyKeys> keys)
    {
        var agency = keys[item.GetProperty("agency").GetString()!];
        return item.TryGetProperty("open_with_encryption_seed", out var seed)
            ? new AgencyKeys(agency.Agency, agency.Signing, EncryptionKeyPair.FromSeed(Convert.FromHexString(seed.GetString()!)))
            : agency;
    }

    [Test]
    public void Committed_EveryListedCode_HasItsVector_WithThatCode()
    {
        var corrupted = Root().GetProperty("corrupted").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("reject").GetInt32());
        Assert.Multiple(() =>
        {
            foreach (var (name, code) in Required)
            {
                Assert.That(corrupted.TryGetValue(name, out var actual), Is.True, $"no vector {name}");
                Assert.That(actual, Is.EqualTo((int)code), name);
            }
        });
    }

    [Test]
    public void Generated_EveryListedCase_GetsItsCode_FromTheReference()
    {
        var first = Convert.FromHexString(Root().GetProperty("sealed")[0].GetProperty("envelope").GetString()!);
        var variants = EnvelopeVectorGenerator.Registries();
        var produced = EnvelopeVectorGenerator.Conformance(first).ToDictionary(c => c.Name);
        Assert.Multiple(() =>
        {
            foreach (var (name, code) in Required)
            {
                var c = produced[name];
                var registry = EnvelopeVectorGenerator.LoadVariant(c.Registry is null ? VectorWorld.SignedRegistry() : variants.Single(v => v.Name == c.Registry).Signed);
                var now = c.Now ?? VectorWorld.Now;
                RejectReason reason;
                if (c.OpenAs is null)
                {
                    Assert.That(Envelope.TryVerify(c.Input, registry, now, out _, out reason), Is.False, name);
                }
                else
                {
                    using var keys = EnvelopeVectorGenerator.OpenerKeys(c.OpenAs, c.OpenWithEncryptionSeed);
                    Assert.That(Envelope.TryOpen(c.Input, keys, registry, now, out _, out reason), Is.False, name);
                }

                Assert.That(reason, Is.EqualTo(code), name);
            }
        });
    }

    [Test]
    public void Committed_AcceptedEntries_VerifyAndOpenToTheirPlaintext()
    {
        var root = Root();
        var anchorJson = root.GetProperty("registry_key");
        SigningPublicKey.TryCreate(Convert.FromHexString(anchorJson.GetProperty("ed25519_public_key").GetString()!), Convert.FromHexString(anchorJson.GetProperty("ml_dsa_65_public_key").GetString()!), out var anchor);
        TrustRegistry.TryLoad(Convert.FromHexString(root.GetProperty("signed_registry").GetString()!), anchor!, out var defaultRegistry, out _);
        var keys = root.GetProperty("agencies").EnumerateArray().ToDictionary(
            a => a.GetProperty("id").GetString()!,
            a => new AgencyKeys(AgencyId.Parse(a.GetProperty("id").GetString()!), SigningKeyPair.FromSeed(Convert.FromHexString(a.GetProperty("signing_seed").GetString()!)), EncryptionKeyPair.FromSeed(Convert.FromHexString(a.GetProperty("encryption_seed").GetString()!))));
        var accepted = root.GetProperty("accepted").EnumerateArray().ToList();
        Assert.That(accepted.Select(a => a.GetProperty("name").GetString()), Is.SupersetOf(RequiredAccepted));
        foreach (var item in accepted)
        {
            var name = item.GetProperty("name").GetString();
            var registry = Registry(root, item, anchor!) ?? defaultRegistry!;
            var now = DateTimeOffset.FromUnixTimeMilliseconds(item.GetProperty("now_ms").GetInt64());
            var envelope = Input(item);
            Assert.That(Envelope.TryVerify(envelope, registry, now, out _, out var reason), Is.True, $"{name}: {reason}");
            Assert.That(Envelope.TryOpen(envelope, Opener(item, keys), registry, now, out var opened, out reason), Is.True, $"{name}: {reason}");
            Assert.That(opened!.Plaintext, Is.EqualTo(Convert.FromHexString(item.GetProperty("plaintext").GetString()!)), name);
            Assert.That(opened.ViewIndex, Is.EqualTo(item.GetProperty("view").GetInt32()), name);
        }
    }

    /// <summary>Both endpoints of a key's window are inside it; one millisecond outside either is refused.</summary>
    [Test]
    public void KeyWindow_IsClosedAtBothEnds()
    {
        var registry = EnvelopeVectorGenerator.LoadVariant(VectorWorld.SignedRegistry());
        var th = AgencyId.Parse("TH-ONCB");
        using var keys = VectorWorld.Keys("TH-ONCB");
        Assert.Multiple(() =>
        {
            Assert.That(registry.TryGetSigningKey(th, keys.Signing.Id, VectorWorld.KeysFrom, out _, out _), Is.True);
            Assert.That(registry.TryGetSigningKey(th, keys.Signing.Id, VectorWorld.KeysTo, out _, out _), Is.True);
            registry.TryGetSigningKey(th, keys.Signing.Id, VectorWorld.KeysFrom.AddMilliseconds(-1), out _, out var before);
            registry.TryGetSigningKey(th, keys.Signing.Id, VectorWorld.KeysTo.AddMilliseconds(1), out _, out var after);
            Assert.That(before, Is.EqualTo(RejectReason.KeyNotYetValid));
            Assert.That(after, Is.EqualTo(RejectReason.KeyExpired));
        });
    }

    private static JsonElement Root()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir!.FullName, "protocols", "test-vectors", "envelope-v1.json"))).RootElement;
    }
}
