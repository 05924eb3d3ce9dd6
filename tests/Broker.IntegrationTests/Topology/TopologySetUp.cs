using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Topology;

/// <summary>
/// One sandbox per run for the topology tests: private copies of <c>hub</c> and <c>agency.TH-ONCB</c>
/// with the real node's exchanges, queues, bindings and permissions, deleted at the end.
/// Fails (never skips) when the node is not running, because CI starts it.
/// </summary>
[SetUpFixture]
public sealed class TopologySetUp
{
    private static TopologySandbox? _sandbox;

    public static TopologySandbox Sandbox =>
        _sandbox ?? throw new InvalidOperationException("The topology sandbox was not created.");

    [OneTimeSetUp]
    public async Task CreateSandboxAsync()
    {
        _sandbox = await TopologySandbox.CreateAsync([Agencies.Thailand]);
    }

    [OneTimeTearDown]
    public async Task DeleteSandboxAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
