using System.Text.Json;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.EnvelopeVectors;

public sealed class EnvelopeVectorTests
{
    private const string RelativePath = "protocols/test-vectors/envelope-v1.json";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Broker.sln not found above the test directory.");
    }

    private static JsonElement Committed() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot(), RelativePath))).RootElement;

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);

    [Test, Explicit("Rewrites the committed vector file; run by hand after an intended protocol change.")]
    public void Generate_WritesTheVectorFile() =>
        File.WriteAllBytes(Path.Combine(RepositoryRoot(), RelativePath), EnvelopeVectorGenerator.Generate());

    [Test]
    public void Generate_Regenerated_IsByteIdenticalToTheCommittedFile()
    {
        var committed = File.ReadAllBytes(Path.Combine(RepositoryRoot(), RelativePath));
        Assert.That(EnvelopeVectorGenerator.Generate().SequenceEqual(committed), Is.True, "envelope-v1.json is stale or generation is not deterministic");
    }

    [Test]
    public void CommittedVectors_EveryOutcome_IsWhatTheCodeDoes()
    {
        var root = Committed();
        var anchorKey = root.GetProperty("registry_key");
        Assert.That(SigningPublicKey.TryCreate(Hex(anchorKey, "ed25519_public_key"), Hex(anchorKey, "ml_dsa_65_public_key"), out var anchor), Is.True);
        Assert.That(TrustRegistry.TryLoad(Hex(root, "signed_registry"), anchor!, out var registry, out var reason), Is.True, reason.ToString());
        var now = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("now_ms").GetInt64());
        var keys = root.GetProperty("agencies").EnumerateArray().ToDictionary(
            a => a.GetProperty("id").GetString()!,
            a => new AgencyKeys(AgencyId.Parse(a.GetProperty("id").GetString()!), SigningKeyPair.FromSeed(Hex(a, "signing_seed")), EncryptionKeyPair.FromSeed(Hex(a, "encryption_seed"))));
        var checkedOutcomes = 0;
        foreach (var item in root.GetProperty("sealed").EnumerateArray().Concat(root.GetProperty("stripped").EnumerateArray()))
        {
            var envelope = Hex(item, "envelope");
            Assert.That(Envelope.TryVerify(envelope, registry!, now, out _, out reason), Is.True, reason.ToString());
            foreach (var outcome in item.GetProperty("open").EnumerateArray())
            {
                var opens = Envelope.TryOpen(envelope, keys[outcome.GetProperty("agency").GetString()!], registry!, now, out var opened, out reason);
                if (outcome.TryGetProperty("plaintext", out _))
                {
                    Assert.That(opens, Is.True, reason.ToString());
                    Assert.That(opened!.Plaintext, Is.EqualTo(Hex(outcome, "plaintext")));
                    Assert.That(opened.ViewIndex, Is.EqualTo(outcome.GetProperty("view").GetInt32()));
                }
                else
                {
                    Assert.That((int)reason, Is.EqualTo(outcome.GetProperty("reject").GetInt32()));
                }

                checkedOutcomes++;
            }
        }

        foreach (var item in root.GetProperty("corrupted").EnumerateArray())
        {
            var envelope = ConformanceVectors.Input(item);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(item.GetProperty("now_ms").GetInt64());
            var against = ConformanceVectors.Registry(root, item, anchor!) ?? registry!;
            var ok = item.GetProperty("stage").GetString() == "open"
                ? Envelope.TryOpen(envelope, ConformanceVectors.Opener(item, keys), against, at, out _, out reason)
                : Envelope.TryVerify(envelope, against, at, out _, out reason);
            Assert.That(ok, Is.False, item.GetProperty("name").GetString());
            Assert.That((int)reason, Is.EqualTo(item.GetProperty("reject").GetInt32()), item.GetProperty("name").GetString());
            checkedOutcomes++;
        }

        Assert.That(checkedOutcomes, Is.GreaterThan(30));
    }

    [Test]
    public void CommittedVectors_CorruptedVariants_EachHaveTheirOwnReason()
    {
        var codes = Committed().GetProperty("corrupted").EnumerateArray().Select(c => c.GetProperty("reject_name").GetString()).ToList();
        Assert.That(codes, Does.Contain("MlDsaSignatureInvalid").And.Contain("KeyCommitmentMismatch").And.Contain("SuiteDowngrade")
            .And.Contain("DuplicateMapKey").And.Contain("NonCanonicalEncoding").And.Contain("StanzaOpenFailed").And.Contain("Expired"));
    }
}
