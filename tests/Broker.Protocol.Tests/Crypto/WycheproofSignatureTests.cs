using Broker.Protocol.Crypto;
using Broker.Protocol.Tests.Vectors;

namespace Broker.Protocol.Tests.Crypto;

/// <summary>Wycheproof Ed25519 and ML-DSA-65 vectors through <see cref="Ed25519Key"/> and <see cref="MlDsa65Key"/>.</summary>
public class WycheproofSignatureTests
{
    [Test]
    public void Ed25519Verify_AllCases_ValidAcceptedInvalidRejected()
    {
        using var doc = VectorFiles.Load("wycheproof/ed25519_test.json");
        var tally = new VectorTally("ed25519_test.json");
        foreach (var (group, test) in VectorFiles.WycheproofCases(doc))
        {
            var publicKey = group.GetProperty("publicKey").Hex("pk");
            var accepted = Ed25519Key.Verify(publicKey, test.Hex("msg"), test.Hex("sig"));
            tally.Check(test.TcId(), accepted == (test.Result() == "valid"), test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 151);
    }

    [Test]
    public void MlDsa65Verify_AllCases_ValidAcceptedInvalidRejected()
    {
        using var doc = VectorFiles.Load("wycheproof/mldsa_65_verify_test.json");
        var tally = new VectorTally("mldsa_65_verify_test.json");
        foreach (var (group, test) in VectorFiles.WycheproofCases(doc))
        {
            var accepted = MlDsa65Key.Verify(group.Hex("publicKey"), test.Hex("msg"), test.Hex("ctx"), test.Hex("sig"));
            tally.Check(test.TcId(), accepted == (test.Result() == "valid"), test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 210);
    }

    [Test]
    public void MlDsa65SignFromSeed_AllMessageCases_MatchOrReject()
    {
        using var doc = VectorFiles.Load("wycheproof/mldsa_65_sign_seed_test.json");
        var tally = new VectorTally("mldsa_65_sign_seed_test.json");
        foreach (var (group, test) in VectorFiles.WycheproofCases(doc))
        {
            CheckSign(tally, group, test, () => MlDsa65Key.FromSeed(group.Hex("privateSeed")));
        }

        // 17 cases give only the external µ (no message): BouncyCastle has no external-µ signing entry point.
        Assert.That(tally.Skipped, Is.EqualTo(17));
        tally.AssertAllPassed(expectedChecked: 88);
    }

    [Test]
    public void MlDsa65SignFromExpandedKey_AllMessageCases_MatchOrReject()
    {
        using var doc = VectorFiles.Load("wycheproof/mldsa_65_sign_noseed_test.json");
        var tally = new VectorTally("mldsa_65_sign_noseed_test.json");
        foreach (var (group, test) in VectorFiles.WycheproofCases(doc))
        {
            CheckSign(tally, group, test, () => MlDsa65Key.TryFromExpanded(group.Hex("privateKey"), out var key)
                ? key!
                : throw new ArgumentException("Malformed expanded ML-DSA key."));
        }

        Assert.That(tally.Skipped, Is.EqualTo(10));
        tally.AssertAllPassed(expectedChecked: 68);
    }

    private static void CheckSign(VectorTally tally, System.Text.Json.JsonElement group, System.Text.Json.JsonElement test, Func<MlDsa65Key> loadKey)
    {
        if (!test.TryGetProperty("msg", out _))
        {
            tally.Skip();
            return;
        }

        var valid = test.Result() == "valid";
        byte[]? signature = null;
        byte[]? publicKey = null;
        try
        {
            using var key = loadKey();
            publicKey = key.PublicKey;
            var rnd = test.Hex("rnd");
            signature = rnd.Length > 0
                ? key.SignWithRandomness(test.Hex("msg"), test.Hex("ctx"), rnd)
                : key.SignDeterministic(test.Hex("msg"), test.Hex("ctx"));
        }
        catch (ArgumentException)
        {
            signature = null;
        }

        if (!valid)
        {
            tally.Check(test.TcId(), signature is null, "invalid case produced a signature");
            return;
        }

        var matches = signature is not null
            && signature.AsSpan().SequenceEqual(test.Hex("sig"))
            && publicKey.AsSpan().SequenceEqual(group.Hex("publicKey"))
            && MlDsa65Key.Verify(publicKey, test.Hex("msg"), test.Hex("ctx"), signature);
        tally.Check(test.TcId(), matches, "signature or public key differs");
    }
}
