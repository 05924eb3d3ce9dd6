using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Gateway;

/// <summary>
/// One sandbox (private copies of <c>hub</c> and the agencies' vhosts) and one key/registry set per run for the gateway
/// tests. Fails, never skips, when the RabbitMQ node is not running: CI starts it.
/// </summary>
[SetUpFixture]
public sealed class GatewaySetUp
{
    private static TopologySandbox? _sandbox;
    private static GatewayNetwork? _network;

    internal static TopologySandbox Sandbox => _sandbox ?? throw new InvalidOperationException("The gateway sandbox was not created.");

    internal static GatewayNetwork Network => _network ?? throw new InvalidOperationException("The gateway network was not created.");

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _sandbox = await TopologySandbox.CreateAsync(["TH-ONCB", "RU-MVD", "MY-PDRM"]);
        _network = GatewayNetwork.Create();
    }

    [OneTimeTearDown]
    public async Task DeleteAsync()
    {
        _network?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
