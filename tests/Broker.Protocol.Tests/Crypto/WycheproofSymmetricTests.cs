using Broker.Protocol.Crypto;
using Broker.Protocol.Tests.Vectors;

namespace Broker.Protocol.Tests.Crypto;

/// <summary>Wycheproof AES-GCM and HKDF-SHA256 vectors through <see cref="Aes256Gcm"/>, <see cref="AesGcmAead"/> and <see cref="HkdfSha256"/>.</summary>
public class WycheproofSymmetricTests
{
    [Test]
    public void AesGcm_All96BitNonceCases_MatchOrReject()
    {
        using var doc = VectorFiles.Load("wycheproof/aes_gcm_test.json");
        var tally = new VectorTally("aes_gcm_test.json");
        var through256 = 0;
        foreach (var (group, test) in VectorFiles.WycheproofCases(doc))
        {
            var key = test.Hex("key");
            var iv = test.Hex("iv");
            var valid = test.Result() == "valid";
            // Only 96-bit nonces are supported (the only size the broker uses). Valid cases with other IV sizes are
            // skipped; invalid ones (empty IV) must still be refused.
            if (iv.Length != AesGcmAead.NonceSize && valid)
            {
                tally.Skip();
                continue;
            }

            Assert.That(group.GetProperty("tagSize").GetInt32(), Is.EqualTo(128), "every tag in this file is 128 bits");
            byte[] sealedInput = [.. test.Hex("ct"), .. test.Hex("tag")];
            var is256 = key.Length == Aes256Gcm.KeySize;
            through256 += is256 ? 1 : 0;
            var opened = is256
                ? Aes256Gcm.TryOpen(key, iv, sealedInput, test.Hex("aad"), out var plaintext)
                : AesGcmAead.TryOpen(key, iv, sealedInput, test.Hex("aad"), out plaintext);
            if (!valid)
            {
                tally.Check(test.TcId(), !opened, "invalid");
                continue;
            }

            var sealedBytes = is256 ? Aes256Gcm.Seal(key, iv, test.Hex("msg"), test.Hex("aad")) : AesGcmAead.Seal(key, iv, test.Hex("msg"), test.Hex("aad"));
            tally.Check(test.TcId(), opened && plaintext.AsSpan().SequenceEqual(test.Hex("msg")) && sealedBytes.AsSpan().SequenceEqual(sealedInput), "valid");
        }

        TestContext.Out.WriteLine($"aes_gcm_test.json: {through256} cases through Aes256Gcm, the rest through AesGcmAead (128/192-bit keys)");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tally.Skipped, Is.EqualTo(113));
            Assert.That(through256, Is.EqualTo(68));
        }

        tally.AssertAllPassed(expectedChecked: 203);
    }

    [Test]
    public void HkdfSha256_AllCases_MatchOrRefuseLength()
    {
        using var doc = VectorFiles.Load("wycheproof/hkdf_sha256_test.json");
        var tally = new VectorTally("hkdf_sha256_test.json");
        foreach (var (_, test) in VectorFiles.WycheproofCases(doc))
        {
            var size = test.GetProperty("size").GetInt32();
            byte[]? okm;
            try
            {
                okm = HkdfSha256.DeriveKey(test.Hex("ikm"), test.Hex("salt"), test.Hex("info"), size);
            }
            catch (ArgumentOutOfRangeException)
            {
                okm = null;
            }

            var valid = test.Result() == "valid";
            tally.Check(test.TcId(), valid ? okm is not null && okm.AsSpan().SequenceEqual(test.Hex("okm")) : okm is null, test.Result());
        }

        tally.AssertAllPassed(expectedChecked: 86);
    }
}
