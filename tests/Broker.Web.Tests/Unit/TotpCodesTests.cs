using Broker.Web.Accounts;

namespace Broker.Web.Tests.Unit;

public sealed class TotpCodesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Verify_CurrentCode_True()
    {
        var secret = TotpCodes.NewSecret();
        Assert.That(TotpCodes.Verify(secret, TotpCodes.Compute(secret, Now), Now, out _), Is.True);
    }

    [Test]
    public void Verify_CodeFromTwoStepsAgo_False()
    {
        var secret = TotpCodes.NewSecret();
        Assert.That(TotpCodes.Verify(secret, TotpCodes.Compute(secret, Now.AddSeconds(-90)), Now, out _), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("12345")]
    [TestCase("1234567")]
    [TestCase("12a456")]
    public void Verify_MalformedCode_False(string? code) =>
        Assert.That(TotpCodes.Verify(TotpCodes.NewSecret(), code, Now, out _), Is.False);

    [Test]
    public void ProvisioningUri_NamesIssuerAndAccount()
    {
        var uri = TotpCodes.ProvisioningUri("Case Alert Broker", "ru-mvd.officer", "JBSWY3DPEHPK3PXP");
        Assert.That(uri, Does.StartWith("otpauth://totp/").And.Contain("secret=JBSWY3DPEHPK3PXP"));
    }
}
