using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Web.Tests.Kit;

/// <summary>A sign-in service over a fresh account store at the given path, holding one officer "a" (password "pw-right").</summary>
internal static class SignInSetup
{
    public static (SignInService Service, AccountStore Store, string Secret, FakeTimeProvider Time) Create(string path)
    {
        var store = new AccountStore(path);
        var secret = TotpCodes.NewSecret();
        store.Upsert(new Officer
        {
            UserName = "a",
            DisplayName = "A",
            Agency = "RU-MVD",
            Role = OfficerRole.Officer,
            Clearance = Clearance.Restricted,
            PasswordHash = PasswordHashing.Hash("pw-right"),
            TotpSecret = secret,
        });
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var options = Microsoft.Extensions.Options.Options.Create(new WebOptions { Agency = "RU-MVD", GatewayStorePath = "x", AccountsPath = path });
        return (new SignInService(store, options, time), store, secret, time);
    }
}
