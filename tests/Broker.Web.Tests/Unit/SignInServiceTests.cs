using Broker.Web.Accounts;
using Broker.Web.Tests.Kit;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Web.Tests.Unit;

public sealed class SignInServiceTests : AccountStoreFixture
{
    [Test]
    public void SignIn_RightPasswordAndCode_Success()
    {
        var (service, secret, time) = Create();
        var outcome = service.SignIn("a", "pw-right", TotpCodes.Compute(secret, time.GetUtcNow()), out var officer);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(SignInOutcome.Success));
            Assert.That(officer?.Agency, Is.EqualTo("RU-MVD"));
        }
    }

    [Test]
    public void SignIn_RightPasswordWrongCode_Refused()
    {
        var (service, secret, time) = Create();
        var wrong = TotpCodes.Compute(secret, time.GetUtcNow().AddMinutes(10));
        Assert.That(service.SignIn("a", "pw-right", wrong, out _), Is.EqualTo(SignInOutcome.UnknownOrWrong));
    }

    [Test]
    public void SignIn_SameCodeTwice_SecondRefused()
    {
        var (service, secret, time) = Create();
        var code = TotpCodes.Compute(secret, time.GetUtcNow());
        service.SignIn("a", "pw-right", code, out _);
        Assert.That(service.SignIn("a", "pw-right", code, out _), Is.EqualTo(SignInOutcome.UnknownOrWrong), "a TOTP step is single-use");
    }

    [Test]
    public void SignIn_FiveWrongPasswords_LockedEvenWithRightCredentials()
    {
        var (service, secret, time) = Create();
        var outcomes = Enumerable.Range(0, 5).Select(i => service.SignIn("a", "pw-wrong", TotpCodes.Compute(secret, time.GetUtcNow()), out _)).ToList();
        time.Advance(TimeSpan.FromSeconds(31));
        var after = service.SignIn("a", "pw-right", TotpCodes.Compute(secret, time.GetUtcNow()), out _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Take(4), Is.All.EqualTo(SignInOutcome.UnknownOrWrong));
            Assert.That(outcomes[4], Is.EqualTo(SignInOutcome.Locked));
            Assert.That(after, Is.EqualTo(SignInOutcome.Locked));
        }
    }

    [Test]
    public void SignIn_AfterLockoutExpires_SuccessAgain()
    {
        var (service, secret, time) = Create();
        for (var i = 0; i < 5; i++)
        {
            service.SignIn("a", "pw-wrong", "000000", out _);
        }

        time.Advance(TimeSpan.FromMinutes(16));
        Assert.That(service.SignIn("a", "pw-right", TotpCodes.Compute(secret, time.GetUtcNow()), out _), Is.EqualTo(SignInOutcome.Success));
    }

    [Test]
    public void SignIn_UnknownAccount_Refused() =>
        Assert.That(Create().Service.SignIn("nobody", "pw", "123456", out _), Is.EqualTo(SignInOutcome.UnknownOrWrong));

    private (SignInService Service, string Secret, FakeTimeProvider Time) Create()
    {
        var (service, _, secret, time) = SignInSetup.Create(StorePath);
        return (service, secret, time);
    }
}
