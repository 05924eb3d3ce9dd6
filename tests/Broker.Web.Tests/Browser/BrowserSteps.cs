using Broker.Web.Accounts;
using Microsoft.Playwright;

namespace Broker.Web.Tests.Browser;

/// <summary>Shared browser steps: sign in, screenshots saved with the test results and attached to the test.</summary>
internal static class BrowserSteps
{
    public static async Task SignInAsync(IPage page, string baseUrl, string user, string password, string? totpSecret)
    {
        await page.GotoAsync(baseUrl + "/signin");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", password);
        await page.FillAsync("#code", totpSecret is null ? "000000" : TotpCodes.Compute(totpSecret, DateTimeOffset.UtcNow));
        await page.ClickAsync("#signin");
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    /// <summary>Reloads until <paramref name="selector"/> appears (the page's data comes from another process), up to a deadline.</summary>
    public static async Task ReloadUntilAsync(IPage page, string selector, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (await page.Locator(selector).CountAsync() == 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{selector} did not appear on {page.Url} within {timeout}.");
            }

            await page.WaitForTimeoutAsync(300);
            await page.ReloadAsync();
        }
    }
}
