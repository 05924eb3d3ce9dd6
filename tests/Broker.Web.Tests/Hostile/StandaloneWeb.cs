using Broker.Web.Accounts;
using Broker.Web.Tests.Kit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Web.Tests.Hostile;

/// <summary>
/// One thin client on real Kestrel (127.0.0.1:0) with its own account store and no gateway store yet, so nothing but
/// the client runs: no RabbitMQ, no gateway. Settings are the production defaults unless a test overrides them.
/// </summary>
internal sealed class StandaloneWeb : HostedWeb
{
    public const string Password = "officer password for the hostile tests";

    private StandaloneWeb(WebApplication app, string folder)
        : base(app) => Folder = folder;

    public string Folder { get; }

    public AccountStore Accounts => Services.GetRequiredService<AccountStore>();

    public static async Task<StandaloneWeb> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production", CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"web-hostile-{Guid.NewGuid():N}");
        var config = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Web:Agency"] = "RU-MVD",
            ["Web:GatewayStorePath"] = Path.Combine(folder, "missing-gateway.db"),
            ["Web:AccountsPath"] = Path.Combine(folder, "accounts.db"),
            ["Web:Rabbit:Password"] = "not used: no action is sent",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = await WebTestHost.StartAsync(config, environment, cancellationToken);
        return new StandaloneWeb(app, folder);
    }

    /// <summary>Creates (or changes) an account and returns its TOTP secret.</summary>
    public string AddOfficer(string userName, Clearance clearance = Clearance.Restricted, OfficerRole role = OfficerRole.Officer, string password = Password) =>
        WebTestHost.AddOfficer(Accounts, userName, "RU-MVD", clearance, role, password);

    public OfficerClient NewClient() => new(Url);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        WebTestHost.DeleteFolder(Folder);
    }
}
