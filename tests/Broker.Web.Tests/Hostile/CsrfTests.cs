using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Web.Tests.Hostile;

/// <summary>
/// Every POST endpoint the client maps (found from the endpoint table, so a new one is covered without editing this test)
/// refuses a signed-in officer's post that lacks the anti-forgery token, or carries a forged one.
/// </summary>
[NonParallelizable]
public sealed class CsrfTests
{
    private static readonly string[] KnownPosts = ["/signin", "/signout", "/alerts/{envelopeId}/action", "/sent/{alertId:guid}/decision"];

    [Test]
    [CancelAfter(60_000)]
    public async Task Post_EveryEndpointWithoutOrWithForgedToken_400(CancellationToken cancellationToken)
    {
        await using var web = await StandaloneWeb.StartAsync(cancellationToken: cancellationToken);
        var posts = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!)
            .ToList();
        Assert.That(posts, Is.SupersetOf(KnownPosts));

        var secret = web.AddOfficer("ru.supervisor.csrf", Broker.Web.Accounts.Clearance.Secret, Broker.Web.Accounts.OfficerRole.Supervisor);
        using var officer = web.NewClient();
        using (var signedIn = await officer.SignInAsync("ru.supervisor.csrf", StandaloneWeb.Password, OfficerClient.Code(secret), cancellationToken))
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        // Fields a real form would send, so only the token is missing.
        KeyValuePair<string, string>[] fields =
        [
            new("user", "ru.supervisor.csrf"), new("password", StandaloneWeb.Password), new("code", "123456"),
            new("kind", "grant"), new("text", "forged"), new("request", Guid.NewGuid().ToString("D")),
        ];
        foreach (var pattern in posts)
        {
            var path = pattern.Replace("{envelopeId}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal)
                .Replace("{alertId:guid}", Guid.NewGuid().ToString("D"), StringComparison.Ordinal);
            using var missing = await officer.PostFormAsync(path, fields, cancellationToken);
            using var forged = await officer.PostFormAsync(path, [.. fields, new("__RequestVerificationToken", "CfDJ8-forged")], cancellationToken);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"POST {path} without a token");
                Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"POST {path} with a forged token");
            }
        }

        using var inbox = await officer.GetAsync("/", cancellationToken);
        Assert.That(inbox.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in: no forged post ended the session");
    }
}
