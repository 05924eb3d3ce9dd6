using System.Net;
using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Broker.Web.Tests.Browser.Stack;
using Broker.Web.Tests.Hostile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;

namespace Broker.Web.Tests.Browser;

/// <summary>
/// The browser boundary over the real stack (issue 12): script in every free-text field on every page, a same-site page
/// at another port posting forms, reading and acting by id across agencies and clearances, the live stream per
/// clearance, and the stores' file modes.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class HostileBrowserTests : BrowserTest
{
    private const string Hostile = "<script>alert('xss-script')</script><img src=x onerror=\"alert('xss-img')\"><b>bold</b><iframe src=\"javascript:alert('xss-frame')\"></iframe>";
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(45);
    private static readonly string[] StackDatabases = ["audit.db", "claims.db", "TH-ONCB-gateway.db", "RU-MVD-gateway.db", "TH-ONCB-web.db", "RU-MVD-web.db"];

    [Test]
    [CancelAfter(180_000)]
    public async Task Pages_ScriptInEveryFreeTextField_ShownAsTextNothingRuns(CancellationToken cancellationToken)
    {
        var marker = "xss" + Guid.NewGuid().ToString("N")[..8];
        var ruSecret = StackSetUp.Russia.AddOfficer("ru.xss", Clearance.Secret, OfficerRole.Supervisor);
        var thSecret = StackSetUp.Thailand.AddOfficer("th.xss", Clearance.Secret, OfficerRole.Supervisor);
        await StackSetUp.ThailandSystem.PublishAsync(
            a =>
            {
                var i = 0;
                string H() => $"{marker}-{i++}{Hostile}";
                a["title"] = marker + Hostile;
                a["summary"] = H();
                a["origin"]!["officer"]!["name"] = H();
                a["origin"]!["officer"]!["rank"] = H();
                a["origin"]!["officer"]!["unit"] = H();
                a["evaluation"]!["source"]!["description"] = H();
                a["requestedAction"] = new JsonObject { ["kind"] = "locate", ["details"] = H() };
                a["notes"] = new JsonArray(new JsonObject { ["dataClass"] = "operational.general", ["text"] = H() });
                var entities = a["entities"]!;
                entities["persons"]![0]!["familyName"] = H();
                entities["persons"]![0]!["givenNames"] = H();
                entities["vessels"]![0]!["name"] = H();
                entities["seizures"]![0]!["substance"] = H();
                entities["locations"]![0]!["description"] = H();
            },
            cancellationToken);

        var ru = await WatchedPageAsync();
        await BrowserSteps.SignInAsync(ru.Page, StackSetUp.Russia.Url, "ru.xss", WebInstance.Password, ruSecret);
        await BrowserSteps.ReloadUntilAsync(ru.Page, $"#inbox-rows tr:has-text('{marker}')", Delivery);
        await AssertInertAsync(ru, "RU inbox");
        await ru.Page.Locator($"#inbox-rows tr:has-text('{marker}') a").ClickAsync();
        await Expect(ru.Page.Locator("#title")).ToHaveTextAsync(marker + Hostile);
        await AssertInertAsync(ru, "RU detail");
        await ru.Page.FillAsync("textarea[name=text]", marker + "-reply" + Hostile);
        await ru.Page.ClickAsync("#reply");
        await BrowserSteps.ReloadUntilAsync(ru.Page, $"#thread:has-text('{marker}-reply')", Delivery);
        await AssertInertAsync(ru, "RU thread");
        await ru.Page.GotoAsync(StackSetUp.Russia.Url + "/dashboard");
        await AssertInertAsync(ru, "RU dashboard");

        var th = await WatchedPageAsync();
        await BrowserSteps.SignInAsync(th.Page, StackSetUp.Thailand.Url, "th.xss", WebInstance.Password, thSecret);
        await th.Page.GotoAsync(StackSetUp.Thailand.Url + "/sent");
        await BrowserSteps.ReloadUntilAsync(th.Page, $"section.sent:has-text('{marker}-reply')", Delivery);
        await AssertInertAsync(th, "TH sent with the hostile reply");
        await BrowserSteps.ScreenshotAsync(th.Page, "hostile-sent");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Forms_PostedFromSameSitePageAtAnotherPort_RefusedAndOfficerStillSignedIn(CancellationToken cancellationToken)
    {
        var secret = StackSetUp.Russia.AddOfficer("ru.csrf", Clearance.Restricted);
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(page, StackSetUp.Russia.Url, "ru.csrf", WebInstance.Password, secret);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Inbox");

        // 127.0.0.1 at another port is the same site: the SameSite=Strict cookies go along, only the token can refuse.
        var target = StackSetUp.Russia.Url;
        string[] forms =
        [
            $"<form method=\"post\" action=\"{target}/signout\"></form>",
            $"<form method=\"post\" action=\"{target}/alerts/0123456789abcdef0123456789abcdef/action\"><input name=\"kind\" value=\"acknowledge\"></form>",
            $"<form method=\"post\" action=\"{target}/sent/{Guid.NewGuid():D}/decision\"><input name=\"kind\" value=\"grant\"><input name=\"request\" value=\"{Guid.NewGuid():D}\"></form>",
        ];
        for (var i = 0; i < forms.Length; i++)
        {
            var evil = $"http://127.0.0.1:1/evil{i}";
            await page.RouteAsync(evil, route => route.FulfillAsync(new() { ContentType = "text/html", Body = $"<html><body>{forms[i]}<script>document.forms[0].submit()</script></body></html>" }));
            var posted = page.WaitForResponseAsync(r => r.Url.StartsWith(target, StringComparison.Ordinal) && r.Request.Method == "POST");
            await page.GotoAsync(evil);
            var response = await posted;
            Assert.That(response.Status, Is.EqualTo(400), forms[i]);
        }

        await page.GotoAsync(target + "/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Inbox");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task ById_AcrossClearancesAndAgencies_NotFoundAndNothingSent(CancellationToken cancellationToken)
    {
        var title = "Confidential by id " + Guid.NewGuid().ToString("N")[..8];
        var alertId = await StackSetUp.ThailandSystem.PublishAsync(a => { a["title"] = title; a["classification"] = "confidential"; }, cancellationToken);
        var item = await DeliveredAsync(title, cancellationToken);

        var restricted = await SignedInAsync(StackSetUp.Russia, "ru.byid.officer", Clearance.Restricted, OfficerRole.Officer, cancellationToken);
        var restrictedSupervisor = await SignedInAsync(StackSetUp.Russia, "ru.byid.supervisor", Clearance.Restricted, OfficerRole.Supervisor, cancellationToken);
        var thSupervisor = await SignedInAsync(StackSetUp.Thailand, "th.byid.supervisor", Clearance.Secret, OfficerRole.Supervisor, cancellationToken);
        var thOfficer = await SignedInAsync(StackSetUp.Thailand, "th.byid.officer", Clearance.Secret, OfficerRole.Officer, cancellationToken);

        // An account of another agency in RU-MVD's account store (a misconfigured or imported one) sees nothing of RU-MVD's.
        var foreignSecret = TotpCodes.NewSecret();
        StackSetUp.Russia.Services.GetRequiredService<AccountStore>().Upsert(new Officer
        {
            UserName = "th.in.ru",
            DisplayName = "TH officer in RU's store",
            Agency = "TH-ONCB",
            Role = OfficerRole.Administrator,
            Clearance = Clearance.Secret,
            PasswordHash = PasswordHashing.Hash(WebInstance.Password),
            TotpSecret = foreignSecret,
        });
        using var foreign = new OfficerClient(StackSetUp.Russia.Url);
        using (var signedIn = await foreign.SignInAsync("th.in.ru", WebInstance.Password, OfficerClient.Code(foreignSecret), cancellationToken))
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var before = (await StackSetUp.Russia.Services.GetRequiredService<GatewayReadModel>().ThreadAsync(alertId, cancellationToken)).Sent.Count;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await StatusAsync(restricted, $"/alerts/{item.EnvelopeId}"), Is.EqualTo(HttpStatusCode.NotFound), "above clearance, by id");
            Assert.That(await ActAsync(restricted, $"/alerts/{item.EnvelopeId}/action", "acknowledge"), Is.EqualTo(HttpStatusCode.NotFound), "acting above clearance");
            Assert.That(await BodyAsync(restricted, "/inbox/rows"), Does.Not.Contain(title));
            Assert.That(await StatusAsync(foreign, $"/alerts/{item.EnvelopeId}"), Is.EqualTo(HttpStatusCode.NotFound), "another agency's officer");
            Assert.That(await ActAsync(foreign, $"/alerts/{item.EnvelopeId}/action", "acknowledge"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await BodyAsync(foreign, "/inbox/rows"), Does.Not.Contain(title));
            Assert.That(await BodyAsync(foreign, "/sent"), Does.Not.Contain(title));
            // RU-MVD did not send this alert: no decision on it from RU, whatever the role.
            Assert.That(await ActAsync(restrictedSupervisor, $"/sent/{alertId}/decision", "grant", Guid.NewGuid().ToString("D")), Is.EqualTo(HttpStatusCode.NotFound));
            // The sender's own web client: an envelope id of RU-MVD's inbox is not TH-ONCB's.
            Assert.That(await StatusAsync(thSupervisor, $"/alerts/{item.EnvelopeId}"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await ActAsync(thOfficer, $"/sent/{alertId}/decision", "grant", Guid.NewGuid().ToString("D")), Is.EqualTo(HttpStatusCode.Forbidden), "officers do not decide");
            Assert.That(await ActAsync(thSupervisor, $"/sent/{alertId}/decision", "grant", Guid.NewGuid().ToString("D")), Is.EqualTo(HttpStatusCode.NotFound), "no such request");
        }

        var after = (await StackSetUp.Russia.Services.GetRequiredService<GatewayReadModel>().ThreadAsync(alertId, cancellationToken)).Sent.Count;
        Assert.That(after, Is.EqualTo(before), "no action was queued by any refused post");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Events_AlertAboveClearance_NoEventAndCountIsTheOfficersOwn(CancellationToken cancellationToken)
    {
        using var officer = await SignedInAsync(StackSetUp.Russia, "ru.events", Clearance.Restricted, OfficerRole.Officer, cancellationToken);
        using var stream = await officer.GetAsync("/events", cancellationToken);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancellationToken));
        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.EqualTo(": connected"));
        var next = NextEventAsync(reader, cancellationToken);

        var secret = "Above clearance " + Guid.NewGuid().ToString("N")[..8];
        await StackSetUp.ThailandSystem.PublishAsync(a => { a["title"] = secret; a["classification"] = "confidential"; }, cancellationToken);
        await DeliveredAsync(secret, cancellationToken);
        var visibleTitle = "Within clearance " + Guid.NewGuid().ToString("N")[..8];
        await StackSetUp.ThailandSystem.PublishAsync(a => a["title"] = visibleTitle, cancellationToken);
        await DeliveredAsync(visibleTitle, cancellationToken);

        var data = await next.WaitAsync(Delivery, cancellationToken);
        var services = StackSetUp.Russia.Services;
        var account = services.GetRequiredService<AccountStore>().Find("ru.events")!;
        var visible = (await services.GetRequiredService<AlertReader>().DeliveredAsync(account, cancellationToken)).Count;
        var total = await services.GetRequiredService<GatewayReadModel>().CountInboxAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(data, Is.EqualTo(visible.ToString(System.Globalization.CultureInfo.InvariantCulture)), "the first event came with the visible alert, counting what this officer may read");
            Assert.That(visible, Is.LessThan(total), "the confidential alert is in the gateway's inbox");
        }
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void StoreFiles_EveryDatabaseOfTheStack_OwnerOnly()
    {
        var files = Directory.EnumerateFiles(StackSetUp.Keys.Directory, "*.db*", SearchOption.AllDirectories).ToList();
        Assert.That(files.Select(Path.GetFileName), Is.SupersetOf(StackDatabases));
        Assert.That(files.ToDictionary(f => Path.GetFileName(f), f => File.GetUnixFileMode(f)), Has.All.Property("Value").EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    private static async Task<string> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }

    private static async Task<InboxItem> DeliveredAsync(string title, CancellationToken cancellationToken)
    {
        var model = StackSetUp.Russia.Services.GetRequiredService<GatewayReadModel>();
        var deadline = DateTimeOffset.UtcNow + Delivery;
        while (true)
        {
            if ((await model.InboxAsync(100, cancellationToken)).FirstOrDefault(i => i.Title == title) is { } item)
            {
                return item;
            }

            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"'{title}' was not delivered to RU-MVD");
            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<OfficerClient> SignedInAsync(WebInstance web, string user, Clearance clearance, OfficerRole role, CancellationToken cancellationToken)
    {
        var secret = web.AddOfficer(user, clearance, role);
        var client = new OfficerClient(web.Url);
        using var response = await client.SignInAsync(user, WebInstance.Password, OfficerClient.Code(secret), cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{user} signed in");
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(OfficerClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<string> BodyAsync(OfficerClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    // A well-formed post with the officer's own valid token: only authorization can refuse it.
    private static async Task<HttpStatusCode> ActAsync(OfficerClient client, string path, string kind, string? request = null)
    {
        var token = await client.TokenAsync("/");
        List<KeyValuePair<string, string>> fields = [token, new("kind", kind), new("text", "by id")];
        if (request is not null)
        {
            fields.Add(new("request", request));
        }

        using var response = await client.PostFormAsync(path, fields);
        return response.StatusCode;
    }

    private async Task<WatchedPage> WatchedPageAsync()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        var watched = new WatchedPage(page, [], []);
        page.Dialog += (_, dialog) =>
        {
            watched.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) => watched.Console.Add(message.Text);
        return watched;
    }

    private static async Task AssertInertAsync(WatchedPage watched, string where)
    {
        var page = watched.Page;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.Locator("main img, main iframe, main b:text-is('bold'), main script").CountAsync(), Is.Zero, $"{where}: no markup from data became elements");
            Assert.That(await page.Locator("script").CountAsync(), Is.EqualTo(1), $"{where}: only the page's own script file");
            Assert.That(watched.Dialogs, Is.Empty, where);
            Assert.That(watched.Console.Where(m => m.Contains("xss", StringComparison.Ordinal) || m.Contains("Content Security Policy", StringComparison.Ordinal)), Is.Empty, where);
        }
    }

    private sealed record WatchedPage(IPage Page, List<string> Dialogs, List<string> Console);
}
