using Broker.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Broker.Web.Hosting;

/// <summary>With <c>Web:SeedDemo</c> (or <c>--seed-demo</c>): creates the demo accounts and prints name, password and TOTP provisioning URI.</summary>
internal sealed class DemoSeeder(AccountStore accounts, IOptions<WebOptions> options, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string DemoPassword = "demo-officer-password";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemo)
        {
            return Task.CompletedTask;
        }

        var agency = options.Value.Agency;
        var prefix = agency.ToLowerInvariant();
        foreach (var (name, role, clearance) in new[] { ("officer", OfficerRole.Officer, Clearance.Restricted), ("supervisor", OfficerRole.Supervisor, Clearance.Secret), ("admin", OfficerRole.Administrator, Clearance.Confidential) })
        {
            var user = $"{prefix}.{name}";
            var secret = TotpCodes.NewSecret();
            accounts.Upsert(new Officer
            {
                UserName = user,
                DisplayName = $"{agency} demo {name}",
                Agency = agency,
                Role = role,
                Clearance = clearance,
                PasswordHash = PasswordHashing.Hash(DemoPassword),
                TotpSecret = secret,
            });
            logger.DemoAccount(user, role.ToString(), ClearanceNames.Name(clearance));

            // Printed for the demo operator on purpose: these are throw-away demo credentials, never real accounts.
            Console.WriteLine($"demo account: {user}  password: {DemoPassword}  totp secret: {secret}  uri: {TotpCodes.ProvisioningUri("Case Alert Broker", user, secret)}");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
