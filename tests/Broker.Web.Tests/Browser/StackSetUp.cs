using Broker.Testing.RabbitMq;
using Broker.Web.Tests.Browser.Stack;

namespace Broker.Web.Tests.Browser;

/// <summary>
/// The real stack for the browser tests, once per run: a sandbox on the RabbitMQ node, keys and registry, the hub, the
/// TH-ONCB and RU-MVD gateways, and one thin client per agency. Fails, never skips, when the node is down.
/// </summary>
[SetUpFixture]
public sealed class StackSetUp
{
    private static TopologySandbox? _sandbox;
    private static KeySet? _keys;
    private static readonly List<IAsyncDisposable> Running = [];

    internal static TopologySandbox Sandbox => _sandbox ?? throw new InvalidOperationException("The sandbox was not created.");

    internal static KeySet Keys => _keys ?? throw new InvalidOperationException("The key set was not created.");

    internal static WebInstance Thailand { get; private set; } = null!;

    internal static WebInstance Russia { get; private set; } = null!;

    internal static AgencySystem ThailandSystem { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        _sandbox = await TopologySandbox.CreateAsync(["TH-ONCB", "RU-MVD"], ct);
        _keys = KeySet.Create(["TH-ONCB", "RU-MVD"]);
        Running.Add(await StackHosts.StartHubAsync(ct));
        var thGateway = await StackHosts.StartGatewayAsync("TH-ONCB", ct);
        var ruGateway = await StackHosts.StartGatewayAsync("RU-MVD", ct);
        Running.Add(thGateway.Host);
        Running.Add(ruGateway.Host);
        Thailand = await WebInstance.StartAsync("TH-ONCB", thGateway.StorePath, ct);
        Russia = await WebInstance.StartAsync("RU-MVD", ruGateway.StorePath, ct);
        Running.Add(Thailand);
        Running.Add(Russia);
        ThailandSystem = await AgencySystem.ConnectAsync("TH-ONCB", ct);
        Running.Add(ThailandSystem);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        for (var i = Running.Count - 1; i >= 0; i--)
        {
            await Running[i].DisposeAsync();
        }

        _keys?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
