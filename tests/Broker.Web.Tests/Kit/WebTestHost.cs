using Broker.Testing;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broker.Web.Tests.Kit;

/// <summary>
/// The one way the tests host the thin client in-process on real Kestrel: the repository's src/Broker.Web as content
/// root, the given settings over the defaults, warnings and up logged. Shared by the standalone (no RabbitMQ) host and
/// the browser stack, so both run the very pipeline production runs.
/// </summary>
internal static class WebTestHost
{
    /// <summary>Builds, maps and starts the client; disposes it again when the start fails.</summary>
    public static async Task<WebApplication> StartAsync(IReadOnlyDictionary<string, string?> settings, string environment, CancellationToken cancellationToken)
    {
        var web = Path.Combine(RepositoryRoot.Path, "src", "Broker.Web");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = web,
            WebRootPath = Path.Combine(web, "wwwroot"),
            ApplicationName = typeof(WebOptions).Assembly.GetName().Name,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
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

        return app;
    }

    /// <summary>The address Kestrel bound (the settings ask for port 0).</summary>
    public static string Url(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Creates (or changes) an officer's account and returns its TOTP secret.</summary>
    public static string AddOfficer(AccountStore accounts, string userName, string agency, Clearance clearance, OfficerRole role, string password)
    {
        var secret = TotpCodes.NewSecret();
        accounts.Upsert(new Officer
        {
            UserName = userName,
            DisplayName = $"Officer {userName}",
            Agency = agency,
            Role = role,
            Clearance = clearance,
            PasswordHash = PasswordHashing.Hash(password),
            TotpSecret = secret,
        });
        return secret;
    }

    /// <summary>Releases pooled SQLite handles, then deletes a test's scratch folder if it was created.</summary>
    public static void DeleteFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
