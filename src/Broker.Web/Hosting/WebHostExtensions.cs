using Broker.Gateway.ReadModel;
using Broker.Hosting.Configuration;
using Broker.Hosting.Health;
using Broker.Hosting.Rabbit;
using Broker.Web.Accounts;
using Broker.Web.Alerts;
using Broker.Web.Pages;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Broker.Web.Hosting;

/// <summary>Wires the thin client: options, stores, cookie sign-in, anti-forgery, security headers, pages, health.</summary>
public static class WebHostExtensions
{
    public static WebApplicationBuilder AddBrokerWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new AccountStore(sp.GetRequiredService<IOptions<WebOptions>>().Value.AccountsPath));
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddSingleton(sp => new GatewayReadModel(sp.GetRequiredService<IOptions<WebOptions>>().Value.GatewayStorePath));
        builder.Services.AddSingleton<AlertReader>();
        AddActionConnection(builder.Services);
        builder.Services.AddSingleton<ActionPublisher>();
        builder.Services.AddHostedService<DemoSeeder>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "broker.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.EventsType = typeof(SessionValidation);
        });
        builder.Services.AddScoped<SessionValidation>();
        builder.Services.AddSignInRateLimits();
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "broker.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        AddHealth(builder);
        return builder;
    }

    /// <summary>
    /// The one AMQP connection, built like every broker connection (RabbitConnectionFactoryBuilder: TLS when configured,
    /// automatic recovery) and published on with confirms and the broker resilience pipeline. It opens on the first action,
    /// so it gets no health check: an idle client is not unhealthy.
    /// </summary>
    private static void AddActionConnection(IServiceCollection services)
    {
        const string Name = ActionPublisher.ConnectionName;
        services.AddBrokerResilience();
        services.AddOptions<RabbitConnectionOptions>(Name).BindConfiguration(WebOptions.RabbitSection).ValidateDataAnnotations().ValidateOnStart()
            .DefaultToAgency(WebOptions.RabbitSection, $"{WebOptions.SectionName}:{nameof(WebOptions.Agency)}", AgencyNames.SystemUser, "broker-web");
        services.AddKeyedSingleton(Name, static (sp, key) => new RabbitConnectionProvider(
            Name,
            sp.GetRequiredService<IOptionsMonitor<RabbitConnectionOptions>>().Get(Name),
            sp.GetRequiredService<Polly.ResiliencePipeline>(),
            sp.GetRequiredService<ILogger<RabbitConnectionProvider>>()));
        services.AddKeyedSingleton<IConfirmedPublisher>(Name, static (sp, key) => new ConfirmedPublisher(
            sp.GetRequiredKeyedService<RabbitConnectionProvider>(Name),
            sp.GetRequiredService<Polly.ResiliencePipeline>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConfirmedPublisher>>()));
    }

    public static WebApplication MapBrokerWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(SecurityHeaders.ApplyAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/static",
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        SignInPages.Map(app);
        var pages = app.MapGroup(string.Empty).RequireAuthorization();
        InboxPages.Map(pages);
        DetailPage.Map(pages);
        ActionEndpoints.Map(pages);
        SentPage.Map(pages);
        DashboardPage.Map(pages);
        app.MapBrokerHealth();
        return app;
    }

    /// <summary>Readiness: the account store answers and the inbox can be read (a gateway store not created yet reads as empty).</summary>
    private static void AddHealth(WebApplicationBuilder builder)
    {
        builder.AddBrokerHealth();
        builder.Services.AddHealthChecks()
            .AddStoreProbe("account-store", "the account store (SQLite)", static sp => new SqliteConnection(
                new SqliteConnectionStringBuilder
                {
                    DataSource = sp.GetRequiredService<IOptions<WebOptions>>().Value.AccountsPath,
                    Mode = SqliteOpenMode.ReadOnly,
                    Pooling = false,
                }.ToString()))
            .AddCheck<InboxHealthCheck>("inbox", tags: [BrokerHealth.ReadyTag]);
    }
}
