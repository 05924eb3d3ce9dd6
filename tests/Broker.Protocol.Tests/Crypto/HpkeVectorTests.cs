using System.Text.Json;
using Broker.Protocol.Crypto;
using Broker.Protocol.Tests.Vectors;

namespace Broker.Protocol.Tests.Crypto;

/// <summary>
/// RFC 9180 Appendix A vectors: every suite with DHKEM(X25519, HKDF-SHA256), KDF HKDF-SHA256 and an AEAD we
/// support (AES-128-GCM, AES-256-GCM, export-only), in all four modes; every encryption and every export.
/// </summary>
public class HpkeVectorTests
{
    private const string File = "hpke/rfc9180-test-vectors.json";

    // One case per suite: (mode, aead) picks exactly one vector of the file for KEM 0x0020 / KDF 0x0001.
    public static IEnumerable<TestCaseData> Suites()
    {
        foreach (var mode in new byte[] { 0, 1, 2, 3 })
        {
            foreach (var aead in new ushort[] { 0x0001, 0x0002, 0xFFFF })
            {
                yield return new TestCaseData(mode, aead).SetName($"Suite_Mode{mode}_Aead0x{aead:x4}_MatchesEveryEncryptionAndExport");
            }
        }
    }

    [TestCaseSource(nameof(Suites))]
    public void Suite_MatchesEveryEncryptionAndExport(byte modeId, ushort aeadId)
    {
        using var doc = VectorFiles.Load(File);
        var vector = doc.RootElement.EnumerateArray().Single(v =>
            v.GetProperty("kem_id").GetInt32() == 0x20 && v.GetProperty("kdf_id").GetInt32() == 1
            && v.GetProperty("mode").GetInt32() == modeId && v.GetProperty("aead_id").GetInt32() == aeadId);
        var mode = (HpkeMode)modeId;
        var aead = (HpkeAeadId)aeadId;
        const HpkeKemId kem = HpkeKemId.DhKemX25519HkdfSha256;
        var auth = mode is HpkeMode.Auth or HpkeMode.AuthPsk;
        var tally = new VectorTally($"rfc9180 mode {modeId} aead 0x{aeadId:x4}");

        var (skR, pkR) = HpkeDhKemX25519.DeriveKeyPair(vector.Hex("ikmR"));
        var (skE, pkE) = HpkeDhKemX25519.DeriveKeyPair(vector.Hex("ikmE"));
        tally.Check("skRm/pkRm", skR.AsSpan().SequenceEqual(vector.Hex("skRm")) && pkR.AsSpan().SequenceEqual(vector.Hex("pkRm")));
        tally.Check("skEm/pkEm", skE.AsSpan().SequenceEqual(vector.Hex("skEm")) && pkE.AsSpan().SequenceEqual(vector.Hex("pkEm")));
        byte[] skS = [];
        byte[] pkS = [];
        if (auth)
        {
            (skS, pkS) = HpkeDhKemX25519.DeriveKeyPair(vector.Hex("ikmS"));
            tally.Check("skSm/pkSm", skS.AsSpan().SequenceEqual(vector.Hex("skSm")) && pkS.AsSpan().SequenceEqual(vector.Hex("pkSm")));
        }

        var encapsulated = HpkeDhKemX25519.TryEncap(pkR, skE, skS, out var sharedSecret, out _);
        tally.Check("shared_secret", encapsulated && sharedSecret.AsSpan().SequenceEqual(vector.Hex("shared_secret")));
        tally.Check("key_schedule_context", Hpke.KeyScheduleContext(kem, aead, mode, vector.Hex("info"), vector.Hex("psk_id"))
            .AsSpan().SequenceEqual(vector.Hex("key_schedule_context")));

        var psk = vector.Hex("psk");
        var pskId = vector.Hex("psk_id");
        if (!Hpke.TrySetupSender(kem, aead, mode, pkR, vector.Hex("info"), psk, pskId, skS, vector.Hex("ikmE"), out var enc, out var sender)
            || !Hpke.TrySetupReceiver(kem, aead, mode, skR, vector.Hex("enc"), vector.Hex("info"), psk, pskId, pkS, out var receiver))
        {
            Assert.Fail("SetupS or SetupR refused the vector's inputs.");
            return;
        }

        using (sender)
        using (receiver)
        {
            tally.Check("enc", enc.AsSpan().SequenceEqual(vector.Hex("enc")));
            foreach (var context in new[] { sender, receiver })
            {
                tally.Check("key", context.Key.SequenceEqual(vector.Hex("key")));
                tally.Check("base_nonce", context.BaseNonce.SequenceEqual(vector.Hex("base_nonce")));
                tally.Check("exporter_secret", context.ExporterSecret.SequenceEqual(vector.Hex("exporter_secret")));
            }

            var encryptions = CheckEncryptions(tally, vector, sender, receiver);
            var exports = CheckExports(tally, vector, sender, receiver);
            TestContext.Out.WriteLine($"mode {modeId} aead 0x{aeadId:x4}: {encryptions} encryptions, {exports} exports");
            var expected = (auth ? 3 : 2) + 3 + 6 + encryptions + exports;
            tally.AssertAllPassed(expectedChecked: expected);
            Assert.That(exports, Is.GreaterThan(0));
        }
    }

    private static int CheckEncryptions(VectorTally tally, JsonElement vector, HpkeContext sender, HpkeContext receiver)
    {
        var count = 0;
        var nonce = new byte[12];
        foreach (var encryption in vector.GetProperty("encryptions").EnumerateArray())
        {
            var aad = encryption.Hex("aad");
            var pt = encryption.Hex("pt");
            var ct = encryption.Hex("ct");
            sender.ComputeNonce(nonce);
            var ciphertext = sender.Seal(aad, pt);
            var opened = receiver.TryOpen(aad, ct, out var plaintext);
            tally.Check($"encryption {count}", nonce.AsSpan().SequenceEqual(encryption.Hex("nonce"))
                && ciphertext.AsSpan().SequenceEqual(ct) && opened && plaintext.AsSpan().SequenceEqual(pt));
            count++;
        }

        return count;
    }

    private static int CheckExports(VectorTally tally, JsonElement vector, HpkeContext sender, HpkeContext receiver)
    {
        var count = 0;
        foreach (var export in vector.GetProperty("exports").EnumerateArray())
        {
            var context = export.Hex("exporter_context");
            var length = export.GetProperty("L").GetInt32();
            var expected = export.Hex("exported_value");
            tally.Check($"export {count}", sender.Export(context, length).AsSpan().SequenceEqual(expected)
                && receiver.Export(context, length).AsSpan().SequenceEqual(expected));
            count++;
        }

        return count;
    }
}
