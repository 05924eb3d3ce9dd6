using Broker.Web.Accounts;
using Broker.Web.Tests.Kit;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Web.Tests.Unit;

/// <summary>
/// Sign-in under parallel attempts, on the service itself (no rate limiter in front): the failure budget and the TOTP
/// step hold however many threads race. Attempts start together behind a barrier on dedicated threads, so they overlap.
/// </summary>
[NonParallelizable]
public sealed class SignInConcurrencyTests : AccountStoreFixture
{
    private const int Threads = 16;

    [Test]
    public void SignIn_ParallelWrongPasswords_AtMostFiveGuessesThenLocked()
    {
        var (service, store, secret, time) = Create();
        var code = TotpCodes.Compute(secret, time.GetUtcNow());
        var outcomes = RunTogether(Threads, i => service.SignIn("a", "pw-wrong-" + i, code, out _));
        var account = store.Find("a")!;
        using (Assert.EnterMultipleScope())
        {
            // Four answers "wrong", the fifth locks; every other attempt is refused as locked without being verified.
            Assert.That(outcomes.Count(o => o == SignInOutcome.UnknownOrWrong), Is.EqualTo(4));
            Assert.That(outcomes.Count(o => o == SignInOutcome.Locked), Is.EqualTo(Threads - 4));
            Assert.That(account.FailedSignIns, Is.EqualTo(5));
            Assert.That(account.LockedUntil, Is.EqualTo(time.GetUtcNow().AddMinutes(15)));
        }

        Assert.That(service.SignIn("a", "pw-right", TotpCodes.Compute(secret, time.GetUtcNow().AddSeconds(30)), out _), Is.EqualTo(SignInOutcome.Locked));
    }

    [Test]
    public void SignIn_SameCodeInParallel_ExactlyOneSuccess()
    {
        var (service, store, secret, time) = Create();
        var code = TotpCodes.Compute(secret, time.GetUtcNow());
        var outcomes = RunTogether(4, i => service.SignIn("a", "pw-right", code, out _));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Count(o => o == SignInOutcome.Success), Is.EqualTo(1), "a TOTP step opens one session");
            Assert.That(outcomes.Count(o => o == SignInOutcome.UnknownOrWrong), Is.EqualTo(3));
            Assert.That(store.Find("a")!.LastTotpStep, Is.EqualTo(time.GetUtcNow().ToUnixTimeSeconds() / 30));
        }
    }

    private static List<SignInOutcome> RunTogether(int count, Func<int, SignInOutcome> attempt)
    {
        var outcomes = new SignInOutcome[count];
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            outcomes[i] = attempt(i);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return [.. outcomes];
    }

    private (SignInService Service, AccountStore Store, string Secret, FakeTimeProvider Time) Create() => SignInSetup.Create(StorePath);
}
