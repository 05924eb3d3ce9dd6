using System.Text.Json.Nodes;
using Broker.Web.Accounts;
using Broker.Web.Tests.Browser.Stack;
using Microsoft.Playwright.NUnit;

namespace Broker.Web.Tests.Browser;

/// <summary>
/// The thin client in headless Chromium over the real stack: TH-ONCB's system publishes over AMQP, the hub routes, RU-MVD's
/// gateway stores, RU-MVD's officer reads and acts, and TH-ONCB's officer sees the action come back.
/// </summary>
[TestFixture]
[Category("Integration")]
[Category("Browser")]
[NonParallelizable]
public sealed class ThinClientTests : BrowserTest
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(45);

    [Test]
    [CancelAfter(120_000)]
    public async Task Acknowledge_RussianOfficerAcknowledgesThaiAlert_ThaiOfficerSeesIt(CancellationToken cancellationToken)
    {
        var ruSecret = StackSetUp.Russia.AddOfficer("ru.officer1", Clearance.Restricted);
        var thSecret = StackSetUp.Thailand.AddOfficer("th.officer1", Clearance.Restricted);
        var ru = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(ru, StackSetUp.Russia.Url, "ru.officer1", WebInstance.Password, ruSecret);
        await Expect(ru.Locator("h1")).ToHaveTextAsync("Inbox");

        // Published after the inbox is open: the row must arrive over Server-Sent Events, without a reload.
        var title = "Methamphetamine courier by sea " + Guid.NewGuid().ToString("N")[..8];
        await StackSetUp.ThailandSystem.PublishAsync(a => a["title"] = title, cancellationToken);
        var row = ru.Locator("#inbox-rows tr.unread", new() { HasText = title });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Delivery.TotalMilliseconds });
        await BrowserSteps.ScreenshotAsync(ru, "inbox");

        await row.Locator("a").ClickAsync();
        await Expect(ru.Locator("#title")).ToHaveTextAsync(title);
        await Expect(ru.Locator("#tlp")).ToHaveTextAsync("TLP:AMBER");
        await Expect(ru.Locator("#verification")).ToContainTextAsync("ML-DSA-65 (post-quantum) valid");
        await Expect(ru.Locator("#verification")).ToContainTextAsync("TH-ONCB");
        await Expect(ru.Locator("#handling")).ToContainTextAsync("Not to be passed on without the provider's permission.");
        await Expect(ru.Locator("main")).ToContainTextAsync("MV Example Star");
        await BrowserSteps.ScreenshotAsync(ru, "alert-detail");

        await ru.ClickAsync("#acknowledge");
        await BrowserSteps.ReloadUntilAsync(ru, "#thread li.action:has-text('acknowledge')", Delivery);
        await ru.GotoAsync(StackSetUp.Russia.Url + "/");
        await Expect(ru.Locator("#inbox-rows tr.read", new() { HasText = title })).ToBeVisibleAsync();

        var th = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(th, StackSetUp.Thailand.Url, "th.officer1", WebInstance.Password, thSecret);
        await th.GotoAsync(StackSetUp.Thailand.Url + "/sent");
        var sent = $"section.sent:has(h2:text-is('{title}'))";
        await BrowserSteps.ReloadUntilAsync(th, $"{sent} #thread li.action:has-text('acknowledge')", Delivery);
        await Expect(th.Locator($"{sent} #thread")).ToContainTextAsync("RU-MVD");
        await Expect(th.Locator($"{sent} .receipts")).ToContainTextAsync("delivered to RU-MVD");
        await BrowserSteps.ScreenshotAsync(th, "sent-with-acknowledgement");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task RequestEvidenceUse_ThaiSupervisorGrants_RussianOfficerSeesGrant(CancellationToken cancellationToken)
    {
        var ruSecret = StackSetUp.Russia.AddOfficer("ru.officer4", Clearance.Restricted);
        var thSecret = StackSetUp.Thailand.AddOfficer("th.supervisor4", Clearance.Secret, OfficerRole.Supervisor);
        var title = "Courier network evidence " + Guid.NewGuid().ToString("N")[..8];
        await StackSetUp.ThailandSystem.PublishAsync(a => a["title"] = title, cancellationToken);

        var ru = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(ru, StackSetUp.Russia.Url, "ru.officer4", WebInstance.Password, ruSecret);
        await BrowserSteps.ReloadUntilAsync(ru, $"#inbox-rows tr:has-text('{title}')", Delivery);
        await ru.Locator($"#inbox-rows tr:has-text('{title}') a").ClickAsync();
        await ru.ClickAsync("#request-evidence");
        var detail = ru.Url;

        var th = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(th, StackSetUp.Thailand.Url, "th.supervisor4", WebInstance.Password, thSecret);
        await th.GotoAsync(StackSetUp.Thailand.Url + "/sent");
        var grant = $"section.sent:has(h2:text-is('{title}')) button:text-is('Grant')";
        await BrowserSteps.ReloadUntilAsync(th, grant, Delivery);
        await th.ClickAsync(grant);

        await ru.GotoAsync(detail);
        await BrowserSteps.ReloadUntilAsync(ru, "#thread li.action:has-text('grant')", Delivery);
        await Expect(ru.Locator("#thread")).ToContainTextAsync("request-evidence-use");
        await Expect(ru.Locator("#thread")).ToContainTextAsync("TH-ONCB");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Inbox_ConfidentialAlert_HiddenFromRestrictedOfficerShownToSupervisor(CancellationToken cancellationToken)
    {
        var supervisorSecret = StackSetUp.Russia.AddOfficer("ru.supervisor2", Clearance.Secret, OfficerRole.Supervisor);
        var officerSecret = StackSetUp.Russia.AddOfficer("ru.officer2", Clearance.Restricted);
        var title = "Confidential precursor diversion " + Guid.NewGuid().ToString("N")[..8];
        await StackSetUp.ThailandSystem.PublishAsync(a => { a["title"] = title; a["classification"] = "confidential"; }, cancellationToken);

        var supervisor = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(supervisor, StackSetUp.Russia.Url, "ru.supervisor2", WebInstance.Password, supervisorSecret);
        await BrowserSteps.ReloadUntilAsync(supervisor, $"#inbox-rows tr:has-text('{title}')", Delivery);
        var envelopeId = await supervisor.Locator($"#inbox-rows tr:has-text('{title}')").GetAttributeAsync("data-envelope");

        var officer = await (await Browser.NewContextAsync()).NewPageAsync();
        await BrowserSteps.SignInAsync(officer, StackSetUp.Russia.Url, "ru.officer2", WebInstance.Password, officerSecret);
        await Expect(officer.Locator("h1")).ToHaveTextAsync("Inbox");
        var listed = await officer.Locator($"#inbox-rows tr:has-text('{title}')").CountAsync();
        var direct = await officer.GotoAsync($"{StackSetUp.Russia.Url}/alerts/{envelopeId}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed, Is.Zero, "a confidential alert is not listed for a restricted officer");
            Assert.That(direct?.Status, Is.EqualTo(404), "nor can it be opened by its address");
            Assert.That(await officer.ContentAsync(), Does.Not.Contain(title));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Detail_HostileTitleAndFields_ShownAsTextAndNothingRuns(CancellationToken cancellationToken)
    {
        const string Hostile = "<script>alert('xss-script')</script><img src=x onerror=\"alert('xss-img')\"><b>bold</b>";
        var marker = Guid.NewGuid().ToString("N")[..8];
        var secret = StackSetUp.Russia.AddOfficer("ru.officer3", Clearance.Restricted);
        await StackSetUp.ThailandSystem.PublishAsync(
            a =>
            {
                a["title"] = marker + Hostile;
                a["summary"] = Hostile;
                a["notes"] = new JsonArray(new JsonObject { ["dataClass"] = "operational.general", ["text"] = "<iframe src=\"javascript:alert('xss-frame')\"></iframe>" + Hostile });
            },
            cancellationToken);

        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        var dialogs = new List<string>();
        var console = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) => console.Add(message.Text);
        await BrowserSteps.SignInAsync(page, StackSetUp.Russia.Url, "ru.officer3", WebInstance.Password, secret);
        await BrowserSteps.ReloadUntilAsync(page, $"#inbox-rows tr:has-text('{marker}')", Delivery);
        await page.Locator($"#inbox-rows tr:has-text('{marker}') a").ClickAsync();
        await Expect(page.Locator("#title")).ToHaveTextAsync(marker + Hostile);
        await BrowserSteps.ScreenshotAsync(page, "hostile-alert-detail");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.Locator("#summary").TextContentAsync(), Is.EqualTo(Hostile));
            Assert.That(await page.Locator("main img, main iframe, main b:text-is('bold'), main script").CountAsync(), Is.Zero, "no markup from the alert became elements");
            Assert.That(await page.Locator("script").CountAsync(), Is.EqualTo(1), "only the page's own script file");
            Assert.That(dialogs, Is.Empty);
            Assert.That(console.Where(m => m.Contains("xss", StringComparison.Ordinal) || m.Contains("Content Security Policy", StringComparison.Ordinal)), Is.Empty);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SignIn_FiveWrongPasswords_AccountLocked(CancellationToken cancellationToken)
    {
        var secret = StackSetUp.Russia.AddOfficer("ru.locked", Clearance.Restricted);
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        for (var i = 0; i < 4; i++)
        {
            await BrowserSteps.SignInAsync(page, StackSetUp.Russia.Url, "ru.locked", "wrong password " + i, secret);
            await Expect(page.Locator("#signin-error")).ToHaveTextAsync("The account, password or code is wrong.");
        }

        await BrowserSteps.SignInAsync(page, StackSetUp.Russia.Url, "ru.locked", "wrong password 4", secret);
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("locked");

        // The right password and a fresh code no longer open it.
        await BrowserSteps.SignInAsync(page, StackSetUp.Russia.Url, "ru.locked", WebInstance.Password, secret);
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("locked");
        Assert.That(page.Url, Does.EndWith("/signin"));
    }
}
