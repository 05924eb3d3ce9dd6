using System.Net;
using Broker.Hosting.Health;

namespace Broker.IntegrationTests.Hub;

/// <summary>The hub's /health/ready against the real node: ready names every dependency; refused credentials make it 503.</summary>
[TestFixture]
public sealed class HubHealthTests : CoreTestBase
{
    [Test, CancelAfter(60_000)]
    public async Task Ready_HubWithAuditLog_200OnceConnectedConsumingAndEveryStoreAnswers(CancellationToken cancellationToken)
    {
        var hub = await StartHubAsync("health", cancellationToken, web: true);
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };

        var ready = await HealthProbe.WaitForStatusAsync(client, BrokerHealth.ReadyPath, HttpStatusCode.OK, Timeout, cancellationToken);
        var (liveStatus, live) = await HealthProbe.GetAsync(client, BrokerHealth.LivePath, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HealthProbe.Checks(ready), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["amqp-hub"] = "Healthy",
                ["consumers"] = "Healthy",
                ["envelope-claims"] = "Healthy",
                ["audit-sequencer"] = "Healthy",
                ["audit-store"] = "Healthy",
            }));
            Assert.That(HealthProbe.Description(ready, "consumers"), Is.EqualTo("consuming hub.ingress.*"));
            Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(HealthProbe.Checks(live), Is.Empty);
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Ready_BrokerRefusesTheHubsCredentials_503NamingConnectionAndConsumerWithoutTheSecret(CancellationToken cancellationToken)
    {
        const string WrongPassword = "wrong-password-7f3a";
        var hub = await StartHubAsync("health-refused", cancellationToken, extra: new Dictionary<string, string?> { ["Rabbit:Password"] = WrongPassword }, web: true);
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };

        // Not ready from the start; wait until the consumer has failed once so its description says why.
        var refused = await HealthProbe.WaitForAsync(
            client, BrokerHealth.ReadyPath, r => r.Status == HttpStatusCode.ServiceUnavailable && HealthProbe.Description(r.Body, "consumers").Contains("attempt failed", StringComparison.Ordinal),
            Timeout, cancellationToken);
        var (liveStatus, _) = await HealthProbe.GetAsync(client, BrokerHealth.LivePath, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HealthProbe.Checks(refused)["amqp-hub"], Is.EqualTo("Unhealthy"));
            Assert.That(HealthProbe.Description(refused, "amqp-hub"), Does.StartWith("AMQP connection hub is not open"));
            Assert.That(HealthProbe.Description(refused, "consumers"), Does.StartWith("not consuming hub.ingress.*: attempt failed"));
            Assert.That(HealthProbe.Checks(refused)["envelope-claims"], Is.EqualTo("Healthy"));
            Assert.That(refused, Does.Not.Contain(WrongPassword).And.Not.Contain("hub-core"));
            Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK), "the process is up");
        }
    }
}
