using System.Net;
using Broker.Hosting.Health;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Gateway;

/// <summary>A gateway's /health/ready against the real node: ready once both connections, both consumers and its store are.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class GatewayHealthTests
{
    [Test]
    [CancelAfter(90_000)]
    public async Task Ready_GatewayStarted_200NamingBothConnectionsBothConsumersTheOutboundProgressAndTheStore(CancellationToken cancellationToken)
    {
        await using var gateway = await GatewayInstance.StartAsync("RU-MVD", cancellationToken: cancellationToken);
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };

        var ready = await HealthProbe.WaitForStatusAsync(client, BrokerHealth.ReadyPath, HttpStatusCode.OK, RabbitMqEnvironment.Current.Timeout * 3, cancellationToken);
        var (liveStatus, _) = await HealthProbe.GetAsync(client, BrokerHealth.LivePath, cancellationToken);
        var (oldPathStatus, _) = await HealthProbe.GetAsync(client, "/health", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HealthProbe.Checks(ready), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["amqp-agency"] = "Healthy",
                ["amqp-hub"] = "Healthy",
                ["consumers"] = "Healthy",
                ["gateway-outbound"] = "Healthy",
                ["gateway-store"] = "Healthy",
            }));
            Assert.That(HealthProbe.Description(ready, "consumers"), Does.Contain("gateway.outbound").And.Contain("deliver.RU-MVD"));
            Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(oldPathStatus, Is.EqualTo(HttpStatusCode.NotFound), "one mapping for every host: /health/live and /health/ready only");
        }
    }
}
