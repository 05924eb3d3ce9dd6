using System.Runtime.Versioning;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Broker.Web.Tests.Kit;

namespace Broker.Web.Tests.Hostile;

/// <summary>Demo accounts: never in production by accident, no secret on the console, nothing reset by a restart.</summary>
[UnsupportedOSPlatform("windows")]
[NonParallelizable]
public sealed class DemoSeedingTests : ScratchFolderFixture
{
    [Test]
    [CancelAfter(60_000)]
    public void SeedDemo_InProduction_StartRefused(CancellationToken cancellationToken)
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var web = await StandaloneWeb.StartAsync(Settings(), "Production", cancellationToken);
        });
        Assert.That(error!.Message, Does.Contain("Web:SeedDemoOutsideDevelopment"));
        Assert.That(new AccountStore(Path.Combine(Folder, "accounts.db")).Find("ru-mvd.supervisor"), Is.Null, "no demo account was created");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SeedDemo_ForcedOutsideDevelopment_Starts(CancellationToken cancellationToken)
    {
        await using var web = await StandaloneWeb.StartAsync(Settings(("Web:SeedDemoOutsideDevelopment", "true")), "Production", cancellationToken);
        Assert.That(web.Accounts.Find("ru-mvd.supervisor"), Is.Not.Null);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SeedDemo_Development_NoSecretOnConsoleCredentialsInOwnerOnlyFile(CancellationToken cancellationToken)
    {
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        string secret;
        try
        {
            await using var web = await StandaloneWeb.StartAsync(Settings(), "Development", cancellationToken);
            secret = web.Accounts.Find("ru-mvd.supervisor")!.TotpSecret;
        }
        finally
        {
            Console.SetOut(original);
        }

        var file = Path.Combine(Folder, DemoSeeder.CredentialsFileName);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(console.ToString(), Does.Not.Contain(secret).And.Not.Contain(DemoSeeder.DemoPassword));
            Assert.That(File.ReadAllText(file), Does.Contain($"demo account: ru-mvd.supervisor  password: {DemoSeeder.DemoPassword}  totp secret: {secret} "));
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SeedDemo_Restart_LockoutAndSecretKept(CancellationToken cancellationToken)
    {
        string secret;
        await using (var first = await StandaloneWeb.StartAsync(Settings(), "Development", cancellationToken))
        {
            secret = first.Accounts.Find("ru-mvd.officer")!.TotpSecret;
            for (var i = 0; i < 5; i++)
            {
                using var client = first.NewClient();
                using var response = await client.SignInAsync("ru-mvd.officer", "a guess " + i, "000000", cancellationToken);
            }
        }

        await using var second = await StandaloneWeb.StartAsync(Settings(), "Development", cancellationToken);
        var account = second.Accounts.Find("ru-mvd.officer")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.LockedUntil, Is.Not.Null, "a restart does not unlock an account under attack");
            Assert.That(account.FailedSignIns, Is.EqualTo(5));
            Assert.That(account.TotpSecret, Is.EqualTo(secret), "nor does it replace the enrolled secret");
        }
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Web:SeedDemo"] = "true",
            ["Web:AccountsPath"] = Path.Combine(Folder, "accounts.db"),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
