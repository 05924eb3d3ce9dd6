using System.Text.Json.Nodes;
using Broker.Hosting.Configuration;
using Broker.Hub.Decisions;
using Broker.Protocol.Envelopes;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.IntegrationTests.Hub;

/// <summary>Decisions over MassTransit on the hub-internal vhost to the single sequencer, on a real node.</summary>
[TestFixture]
public sealed class DecisionBusTests : CoreTestBase
{
    [Test, CancelAfter(120_000)]
    public async Task BusSink_RoutedEnvelope_SequencerAppendsTheDecision(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        var internalVhost = await CreateInternalVhostAsync("hub-internal", cancellationToken);
        try
        {
            await RouteThroughTheBusAsync(env, internalVhost, cancellationToken);
        }
        finally
        {
            await Sandbox.Management.DeleteVirtualHostAsync(internalVhost, CancellationToken.None);
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task BusSink_NoSequencerQueueYet_PublishFailsInsteadOfBeingDropped(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        // A fresh hub-internal where no sequencer ever ran: no queue is bound to the decision exchange.
        var internalVhost = await CreateInternalVhostAsync("empty-internal", cancellationToken);
        try
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Internal:HostName"] = env.Host,
                ["Internal:Port"] = env.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Internal:VirtualHost"] = internalVhost,
                ["Internal:UserName"] = "hub-core",
                ["Internal:Password"] = env.PasswordFor("hub-core"),
                ["Internal:ClientName"] = "decision-bus-test",
            });
            builder.Services.AddBrokerMassTransit("Internal", _ => { });
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            try
            {
                var recorder = new BusDecisionRecorder(host.Services.GetRequiredService<MassTransit.IPublishEndpoint>());
                var decision = new RoutingDecision
                {
                    DecisionId = "d1",
                    DecidedAt = DateTimeOffset.UnixEpoch,
                    Instance = "test",
                    Outcome = RoutingDecision.Routed,
                    EnvelopeId = EnvelopeId.New().ToString(),
                    Sender = "TH-ONCB",
                    BodyBytes = 1,
                    RegistryVersion = 1,
                };
                Assert.That(async () => await recorder.RecordAsync(decision, cancellationToken), Throws.InstanceOf<MassTransit.MessageReturnedException>());
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await Sandbox.Management.DeleteVirtualHostAsync(internalVhost, CancellationToken.None);
        }
    }

    /// <summary>A private hub-internal for one test: hub-core gets every right there, as TOPOLOGY.md specifies for the real one.</summary>
    private async Task<string> CreateInternalVhostAsync(string name, CancellationToken cancellationToken)
    {
        var vhost = $"test-{Sandbox.RunId}.{name}";
        await Sandbox.Management.PutAsync($"vhosts/{RabbitMqManagement.Segment(vhost)}", new JsonObject(), cancellationToken);
        await Sandbox.Management.PutAsync($"permissions/{RabbitMqManagement.Segment(vhost)}/hub-core",
            new JsonObject { ["configure"] = ".*", ["write"] = ".*", ["read"] = ".*" }, cancellationToken);
        return vhost;
    }

    private async Task RouteThroughTheBusAsync(RabbitMqEnvironment env, string internalVhost, CancellationToken cancellationToken)
    {
        var decisions = Path.Combine(WorkDirectory, "sequenced.jsonl");
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        // Stopped here, before the test's hub-internal is deleted, so the bus shuts down cleanly.
        await using var hub = await StartHubAsync("bus", cancellationToken, extra: new Dictionary<string, string?>
        {
            ["Decisions:Sink"] = "Bus",
            ["Decisions:FilePath"] = decisions,
            ["Internal:HostName"] = env.Host,
            ["Internal:Port"] = env.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Internal:VirtualHost"] = internalVhost,
            ["Internal:UserName"] = "hub-core",
            ["Internal:Password"] = env.PasswordFor("hub-core"),
        });
        var id = EnvelopeId.New();
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);

        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD", "SG-CNB"], id), messageId: id.ToString(), cancellationToken: cancellationToken);
        await russia.WaitForMessageIdAsync(id.ToString(), Timeout, cancellationToken);

        RoutingDecision? decision = null;
        await Eventually.WaitForAsync(
            () => File.Exists(decisions) && (decision = JsonLinesDecisionRecorder.ReadAll(decisions).FirstOrDefault(d => d.EnvelopeId == id.ToString())) is not null,
            Timeout, "the sequencer to append the decision", cancellationToken);
        Assert.That(decision!.Recipients.Select(r => (r.Agency, r.Delivered)), Is.EquivalentTo(new[] { ("RU-MVD", true), ("SG-CNB", false) }));
    }
}
