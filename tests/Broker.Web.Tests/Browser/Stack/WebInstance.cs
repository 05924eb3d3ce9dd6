using System.Globalization;
using Broker.Hosting.Rabbit;
using Broker.Testing.RabbitMq;
using Broker.Web.Accounts;
using Broker.Web.Tests.Kit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Web.Tests.Browser.Stack;

/// <summary>One agency's thin client hosted in the test process on 127.0.0.1:0, over that agency's gateway store.</summary>
internal sealed class WebInstance : HostedWeb
{
    public const string Password = "officer password for the browser tests";

    private WebInstance(WebApplication app, string agency)
        : base(app) => Agency = agency;

    public string Agency { get; }

    public static async Task<WebInstance> StartAsync(string agency, string gatewayStorePath, CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Web:Agency"] = agency,
            ["Web:GatewayStorePath"] = gatewayStorePath,
            ["Web:AccountsPath"] = Path.Combine(StackSetUp.Keys.Directory, $"{agency}-web.db"),
            // Every test signs its officers in from 127.0.0.1: the per-address limit is tested on its own (Hostile/SignInLimitTests).
            ["Web:SignInPermitsPerMinute"] = "10000",
            ["Web:Rabbit:HostName"] = env.Host,
            ["Web:Rabbit:Port"] = env.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["Web:Rabbit:VirtualHost"] = StackSetUp.Sandbox.Agency(agency),
            // No UserName: the client defaults to AgencyNames.SystemUser(agency), as in the demo's configuration.
            ["Web:Rabbit:Password"] = env.PasswordFor(AgencyNames.SystemUser(agency)),
        };
        var app = await WebTestHost.StartAsync(settings, "Production", cancellationToken);
        return new WebInstance(app, agency);
    }

    /// <summary>Creates an account and returns its TOTP secret.</summary>
    public string AddOfficer(string userName, Clearance clearance, OfficerRole role = OfficerRole.Officer) =>
        WebTestHost.AddOfficer(Services.GetRequiredService<AccountStore>(), userName, Agency, clearance, role, Password);
}
