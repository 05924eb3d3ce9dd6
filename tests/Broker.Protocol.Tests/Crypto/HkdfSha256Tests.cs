using Broker.Protocol.Crypto;

namespace Broker.Protocol.Tests.Crypto;

public class HkdfSha256Tests
{
    // RFC 5869 Appendix A.1.
    private static readonly byte[] Ikm = Convert.FromHexString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static readonly byte[] Salt = Convert.FromHexString("000102030405060708090a0b0c");
    private static readonly byte[] Info = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9");
    private const string Prk = "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5";
    private const string Okm = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";

    [Test]
    public void ExtractThenExpand_Rfc5869Case1_GivesPublishedOutput()
    {
        var prk = HkdfSha256.Extract(Salt, Ikm);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Convert.ToHexStringLower(prk), Is.EqualTo(Prk));
            Assert.That(Convert.ToHexStringLower(HkdfSha256.Expand(prk, Info, 42)), Is.EqualTo(Okm));
            Assert.That(Convert.ToHexStringLower(HkdfSha256.DeriveKey(Ikm, Salt, Info, 42)), Is.EqualTo(Okm));
        }
    }

    [Test]
    public void Expand_TooLong_Throws()
    {
        Assert.That(() => HkdfSha256.Expand(new byte[32], [], HkdfSha256.MaxOutputSize + 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
