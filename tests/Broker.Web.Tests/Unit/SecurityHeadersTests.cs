using System.Net;
using Broker.Web.Tests.Hostile;

namespace Broker.Web.Tests.Unit;

/// <summary>The thin client hosted alone (no gateway store yet, no RabbitMQ needed): headers, cookies, anti-forgery, sign-in gate.</summary>
[NonParallelizable]
public sealed class SecurityHeadersTests
{
    private StandaloneWeb? _web;
    private HttpClient? _client;

    private HttpClient Client => _client ?? throw new InvalidOperationException("The host was not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _web = await StandaloneWeb.StartAsync();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_web.Url) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
    }

    [Test]
    public async Task Health_WithoutSignIn_LiveAndReadyAnswerJsonNamingTheStores()
    {
        using var live = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var body = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            // No gateway store yet: the inbox reads as empty, which is ready.
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.RootElement.ToString());
            Assert.That(checks, Does.ContainKey("account-store").WithValue("Healthy"));
            Assert.That(checks, Does.ContainKey("inbox").WithValue("Healthy"));
            Assert.That(string.Join(",", ready.Headers.GetValues("X-Content-Type-Options")), Is.EqualTo("nosniff"));
        }
    }

    [Test]
    public async Task SignInPage_Headers_StrictCspNoSniffNoFraming()
    {
        using var response = await Client.GetAsync(new Uri("/signin", UriKind.Relative));
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("style-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
            Assert.That(string.Join(",", response.Headers.GetValues("X-Content-Type-Options")), Is.EqualTo("nosniff"));
        }
    }

    [Test]
    public async Task SignInPage_AntiforgeryCookie_HttpOnlyAndSameSiteStrict()
    {
        using var response = await Client.GetAsync(new Uri("/signin", UriKind.Relative));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("broker.af=", StringComparison.Ordinal));
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
    }

    [Test]
    public async Task SignIn_PostWithoutAntiforgeryToken_Rejected()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "a", ["password"] = "b", ["code"] = "123456" });
        using var response = await Client.PostAsync(new Uri("/signin", UriKind.Relative), form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("/")]
    [TestCase("/sent")]
    [TestCase("/dashboard")]
    [TestCase("/events")]
    [TestCase("/alerts/0123456789abcdef0123456789abcdef")]
    public async Task Page_WithoutSession_RedirectsToSignIn(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Does.Contain("/signin"));
        }
    }

    [Test]
    public async Task StaticScript_Served_AsJavaScriptWithNoSniff()
    {
        using var response = await Client.GetAsync(new Uri("/static/app.js", UriKind.Relative));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        }
    }
}
