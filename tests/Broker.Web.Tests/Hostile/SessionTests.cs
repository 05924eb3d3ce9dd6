using System.Net;
using Broker.Web.Accounts;

namespace Broker.Web.Tests.Hostile;

/// <summary>Sessions live on the server: sign-out and account changes end them, whatever a copied cookie says.</summary>
[NonParallelizable]
public sealed class SessionTests
{
    private StandaloneWeb _web = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _web = await StandaloneWeb.StartAsync(
        new Dictionary<string, string?> { ["Web:SignInPermitsPerMinute"] = "10000" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _web.DisposeAsync();

    [Test]
    [CancelAfter(60_000)]
    public async Task SignOut_CookieCopiedBefore_NoLongerOpensTheInbox(CancellationToken cancellationToken)
    {
        using var officer = await SignedInAsync("ru.copied", cancellationToken);
        var copied = officer.Cookies["broker.session"];
        var token = await officer.TokenAsync("/", cancellationToken);
        using var signOut = await officer.PostFormAsync("/signout", [token], cancellationToken);

        using var thief = _web.NewClient();
        thief.Cookies["broker.session"] = copied;
        using var inbox = await thief.GetAsync("/", cancellationToken);
        using var events = await thief.GetAsync("/events", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(inbox.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the copied cookie names an ended session");
            Assert.That(inbox.Headers.Location?.ToString(), Does.Contain("/signin"));
            Assert.That(events.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SignOut_OneSession_OtherSessionsOfTheOfficerStay(CancellationToken cancellationToken)
    {
        var secret = _web.AddOfficer("ru.twice");
        using var first = _web.NewClient();
        using var second = _web.NewClient();
        using (await first.SignInAsync("ru.twice", StandaloneWeb.Password, OfficerClient.Code(secret), cancellationToken))
        {
        }

        // The next step's code: the first sign-in used this step.
        using (await second.SignInAsync("ru.twice", StandaloneWeb.Password, TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30)), cancellationToken))
        {
        }

        var token = await first.TokenAsync("/", cancellationToken);
        using (await first.PostFormAsync("/signout", [token], cancellationToken))
        {
        }

        using var stillIn = await second.GetAsync("/", cancellationToken);
        Assert.That(stillIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task AccountChange_PasswordReset_EndsExistingSessions(CancellationToken cancellationToken)
    {
        using var officer = await SignedInAsync("ru.reset", cancellationToken);
        using (var before = await officer.GetAsync("/", cancellationToken))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        _web.AddOfficer("ru.reset", password: "a new password after a suspected compromise");
        using var after = await officer.GetAsync("/", cancellationToken);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SignOut_WithoutAntiforgeryToken_RefusedAndStillSignedIn(CancellationToken cancellationToken)
    {
        using var officer = await SignedInAsync("ru.csrf", cancellationToken);
        using var forged = await officer.PostFormAsync("/signout", [], cancellationToken);
        using var wrongToken = await officer.PostFormAsync("/signout", [new("__RequestVerificationToken", "CfDJ8-forged")], cancellationToken);
        using var inbox = await officer.GetAsync("/", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(inbox.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the forged posts ended nothing");
        }
    }

    private async Task<OfficerClient> SignedInAsync(string user, CancellationToken cancellationToken)
    {
        var secret = _web.AddOfficer(user);
        var client = _web.NewClient();
        using var response = await client.SignInAsync(user, StandaloneWeb.Password, OfficerClient.Code(secret), cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        return client;
    }
}
