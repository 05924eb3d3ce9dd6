using Broker.Protocol.Crypto;
using Broker.Protocol.Tests.Vectors;

namespace Broker.Protocol.Tests.Crypto;

/// <summary>Wycheproof X25519 and ML-KEM-768 vectors through <see cref="X25519"/>, <see cref="MlKem768"/> and <see cref="MlKem768Key"/>.</summary>
public class WycheproofKeyAgreementTests
{
    [Test]
    public void X25519_AllCases_ValidMatchAcceptableEitherZeroRejected()
    {
        using var doc = VectorFiles.Load("wycheproof/x25519_test.json");
        var tally = new VectorTally("x25519_test.json");
        var acceptableRejected = 0;
        foreach (var (_, test) in VectorFiles.WycheproofCases(doc))
        {
            var expected = test.Hex("shared");
            var shared = new byte[32];
            var agreed = X25519.TryAgree(test.Hex("private"), test.Hex("public"), shared);
            var matches = agreed && shared.AsSpan().SequenceEqual(expected);
            var expectedZero = expected.All(b => b == 0);
            switch (test.Result())
            {
                case "valid":
                    tally.Check(test.TcId(), matches, "valid");
                    break;
                case "acceptable":
                    // Either outcome is allowed, but an all-zero output must be refused (RFC 9180 §7.1.4).
                    tally.Check(test.TcId(), expectedZero ? !agreed : (matches || !agreed), "acceptable");
                    acceptableRejected += agreed ? 0 : 1;
                    break;
                default:
                    tally.Check(test.TcId(), !agreed, "invalid");
                    break;
            }
        }

        TestContext.Out.WriteLine($"x25519: {acceptableRejected} acceptable cases rejected (all-zero shared secret)");
        tally.AssertAllPassed(expectedChecked: 518);
    }

    [Test]
    public void MlKem768KeyGenFromSeed_AllCases_MatchEkAndDk()
    {
        using var doc = VectorFiles.Load("wycheproof/mlkem_768_keygen_seed_test.json");
        var tally = new VectorTally("mlkem_768_keygen_seed_test.json");
        foreach (var (_, test) in VectorFiles.WycheproofCases(doc))
        {
            using var key = MlKem768Key.FromSeed(test.Hex("seed"));
            var matches = key.EncapsulationKey.AsSpan().SequenceEqual(test.Hex("ek"))
                && key.ExportExpanded().AsSpan().SequenceEqual(test.Hex("dk"));
            tally.Check(test.TcId(), matches == (test.Result() == "valid"), test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 100);
    }

    [Test]
    public void MlKem768Decaps_AllCases_MatchSecretOrReject()
    {
        using var doc = VectorFiles.Load("wycheproof/mlkem_768_test.json");
        var tally = new VectorTally("mlkem_768_test.json");
        foreach (var (_, test) in VectorFiles.WycheproofCases(doc))
        {
            var shared = new byte[32];
            bool ok;
            try
            {
                using var key = MlKem768Key.FromSeed(test.Hex("seed"));
                ok = key.EncapsulationKey.AsSpan().SequenceEqual(test.Hex("ek")) && key.TryDecapsulate(test.Hex("c"), shared);
            }
            catch (ArgumentException)
            {
                ok = false;
            }

            var valid = test.Result() == "valid";
            tally.Check(test.TcId(), valid ? ok && shared.AsSpan().SequenceEqual(test.Hex("K")) : !ok, test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 193);
    }

    [Test]
    public void MlKem768EncapsWithFixedM_AllCases_MatchOrReject()
    {
        using var doc = VectorFiles.Load("wycheproof/mlkem_768_encaps_test.json");
        var tally = new VectorTally("mlkem_768_encaps_test.json");
        foreach (var (_, test) in VectorFiles.WycheproofCases(doc))
        {
            var ct = new byte[MlKem768.CiphertextSize];
            var shared = new byte[32];
            var ok = MlKem768.TryEncapsulateDeterministic(test.Hex("ek"), test.Hex("m"), ct, shared);
            var valid = test.Result() == "valid";
            var matches = ok && ct.AsSpan().SequenceEqual(test.Hex("c")) && shared.AsSpan().SequenceEqual(test.Hex("K"));
            tally.Check(test.TcId(), valid ? matches : !ok, test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 265);
    }

    [Test]
    public void MlKem768SemiExpandedDecaps_AllCases_ValidateKeyAndMatch()
    {
        using var doc = VectorFiles.Load("wycheproof/mlkem_768_semi_expanded_decaps_test.json");
        var tally = new VectorTally("mlkem_768_semi_expanded_decaps_test.json");
        foreach (var (_, test) in VectorFiles.WycheproofCases(doc))
        {
            var shared = new byte[32];
            var ok = MlKem768Key.TryFromExpanded(test.Hex("dk"), out var key);
            using (key)
            {
                ok = ok && key!.TryDecapsulate(test.Hex("c"), shared);
            }

            var valid = test.Result() == "valid";
            tally.Check(test.TcId(), valid ? ok && shared.AsSpan().SequenceEqual(test.Hex("K")) : !ok, test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 9);
    }
}
