using Broker.Hosting.Storage;
using Broker.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Broker.Web.Hosting;

/// <summary>
/// With <c>Web:SeedDemo</c> (or <c>--seed-demo</c>): creates the demo accounts that do not exist yet. Refused outside the
/// <c>Development</c> environment unless <c>Web:SeedDemoOutsideDevelopment</c> says so explicitly (the demo script does),
/// so a production client cannot be started with known passwords by a stray flag. An existing account is never touched:
/// its secret stays and its lockout is not reset by a restart. Credentials of the accounts created are appended to
/// <c>demo-accounts.txt</c> beside the account store (mode 600), never to the console or the log.
/// </summary>
internal sealed class DemoSeeder(AccountStore accounts, IOptions<WebOptions> options, IHostEnvironment environment, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string DemoPassword = "demo-officer-password";
    public const string CredentialsFileName = "demo-accounts.txt";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var web = options.Value;
        if (!web.SeedDemo)
        {
            return;
        }

        if (!environment.IsDevelopment() && !web.SeedDemoOutsideDevelopment)
        {
            throw new InvalidOperationException(
                $"Web:SeedDemo creates accounts with a published password and is refused in the '{environment.EnvironmentName}' environment; set Web:SeedDemoOutsideDevelopment=true to force it.");
        }

        var file = CredentialsPath(web.AccountsPath);
        var agency = web.Agency;
        var prefix = agency.ToLowerInvariant();
        foreach (var (name, role, clearance) in new[] { ("officer", OfficerRole.Officer, Clearance.Restricted), ("supervisor", OfficerRole.Supervisor, Clearance.Secret), ("admin", OfficerRole.Administrator, Clearance.Confidential) })
        {
            var user = $"{prefix}.{name}";
            var secret = TotpCodes.NewSecret();
            var created = accounts.TryAdd(new Officer
            {
                UserName = user,
                DisplayName = $"{agency} demo {name}",
                Agency = agency,
                Role = role,
                Clearance = clearance,
                PasswordHash = PasswordHashing.Hash(DemoPassword),
                TotpSecret = secret,
            });
            if (!created)
            {
                continue;
            }

            logger.DemoAccount(user, role.ToString(), ClearanceNames.Name(clearance), file);
            await File.AppendAllTextAsync(
                PrivateFiles.Ensure(file),
                $"demo account: {user}  password: {DemoPassword}  totp secret: {secret}  uri: {TotpCodes.ProvisioningUri("Case Alert Broker", user, secret)}\n",
                cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string CredentialsPath(string accountsPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(accountsPath)) ?? ".", CredentialsFileName);
}
