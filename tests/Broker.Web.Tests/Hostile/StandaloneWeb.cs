using Broker.Testing;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broker.Web.Tests.Hostile;

/// <summary>
/// One thin client on real Kestrel (127.0.0.1:0) with its own account store and no gateway store yet, so nothing but
/// the client runs: no RabbitMQ, no gateway. Settings are the production defaults unless a test overrides them.
/// </summary>
internal sealed class StandaloneWeb : IAsyncDisposable
{
    public const string Password = "officer password for the hostile tests";

    private readonly WebApplication _app;

    private StandaloneWeb(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string Url { get; }

    public string Folder { get; }

    public IServiceProvider Services => _app.Services;

    public AccountStore Accounts => _app.Services.GetRequiredService<AccountStore>();

    public static async Task<StandaloneWeb> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production", CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"web-hostile-{Guid.NewGuid():N}");
        var web = Path.Combine(RepositoryRoot.Path, "src", "Broker.Web");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = web,
            WebRootPath = Path.Combine(web, "wwwroot"),
            ApplicationName = typeof(WebOptions).Assembly.GetName().Name,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
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

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddBrokerWeb();
        var app = builder.Build();
        app.MapBrokerWeb();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new StandaloneWeb(app, folder);
    }

    /// <summary>Creates (or changes) an account and returns its TOTP secret.</summary>
    public string AddOfficer(string userName, Clearance clearance = Clearance.Restricted, OfficerRole role = OfficerRole.Officer, string password = Password)
    {
        var secret = TotpCodes.NewSecret();
        Accounts.Upsert(new Officer
        {
            UserName = userName,
            DisplayName = $"Officer {userName}",
            Agency = "RU-MVD",
            Role = role,
            Clearance = clearance,
            PasswordHash = PasswordHashing.Hash(password),
            TotpSecret = secret,
        });
        return secret;
    }

    public OfficerClient NewClient() => new(Url);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
