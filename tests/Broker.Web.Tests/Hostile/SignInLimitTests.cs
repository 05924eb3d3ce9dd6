using System.Net;

namespace Broker.Web.Tests.Hostile;

/// <summary>
/// Sign-in attacked over HTTP on the real host: 100 parallel guesses, one code raced. The host runs with its production
/// limits unless a test says otherwise.
/// </summary>
[NonParallelizable]
public sealed class SignInLimitTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task SignIn_HundredParallelGuesses_RateLimitedAndAtMostFiveVerified(CancellationToken cancellationToken)
    {
        await using var web = await StandaloneWeb.StartAsync(cancellationToken: cancellationToken);
        var secret = web.AddOfficer("ru.victim");
        using var client = web.NewClient();
        var token = await client.TokenAsync(cancellationToken: cancellationToken);
        var code = OfficerClient.Code(secret);
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => client.PostFormAsync(
            "/signin", [token, new("user", "ru.victim"), new("password", "guess " + i), new("code", code)], cancellationToken)));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        var account = web.Accounts.Find("ru.victim")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests), "no other answer, never 5xx");
            // Ten permits a minute per client address (two windows at most while the burst runs), the rest refused unread.
            Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.AtLeast(80));
            // At most four "wrong" answers: the fifth counted failure locks, whatever the interleaving.
            Assert.That(statuses.Count(s => s == HttpStatusCode.Unauthorized), Is.AtMost(4));
            Assert.That(account.FailedSignIns, Is.EqualTo(5));
            Assert.That(account.LockedUntil, Is.Not.Null);
            Assert.That(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Select(r => r.Headers.RetryAfter?.ToString()), Is.All.EqualTo("60"));
        }

        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task SignIn_ParallelAttemptsOverConcurrencyLimit_ExtraRefusedWith429(CancellationToken cancellationToken)
    {
        // Per-client permits out of the way: only the process-wide bound (one verification, none waiting) is tested.
        await using var web = await StandaloneWeb.StartAsync(
            new Dictionary<string, string?> { ["Web:SignInPermitsPerMinute"] = "10000", ["Web:SignInConcurrency"] = "1", ["Web:SignInQueue"] = "0" },
            cancellationToken: cancellationToken);
        using var client = web.NewClient();
        var token = await client.TokenAsync(cancellationToken: cancellationToken);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.PostFormAsync(
            "/signin", [token, new("user", "nobody-" + i), new("password", "guess"), new("code", "123456")], cancellationToken)));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests));
            Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.TooManyRequests), "twenty 19 MiB verifications were not all run at once");
            Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.Unauthorized));
        }

        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task SignIn_OneCodeInParallel_ExactlyOneSession(CancellationToken cancellationToken)
    {
        // Limits wide enough that all eight attempts are verified at once: the race is on the TOTP step alone.
        await using var web = await StandaloneWeb.StartAsync(
            new Dictionary<string, string?> { ["Web:SignInPermitsPerMinute"] = "10000", ["Web:SignInConcurrency"] = "8", ["Web:SignInQueue"] = "100" },
            cancellationToken: cancellationToken);
        var secret = web.AddOfficer("ru.raced");
        using var client = web.NewClient();
        var token = await client.TokenAsync(cancellationToken: cancellationToken);
        var code = OfficerClient.Code(secret);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostFormAsync(
            "/signin", [token, new("user", "ru.raced"), new("password", StandaloneWeb.Password), new("code", code)], cancellationToken)));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.Redirect), Is.EqualTo(1), "one code, one session");
            // The losers count as failures (a reused code is a wrong code), so a race this wide may also lock the account.
            Assert.That(statuses.Where(s => s != HttpStatusCode.Redirect), Is.All.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden));
        }

        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
