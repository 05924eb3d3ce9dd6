using System.Text.Json.Nodes;
using Broker.Hosting.Configuration;
using Broker.Hub.Audit;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Testing;
using Broker.Testing.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.IntegrationTests.Hub;

/// <summary><c>Audit:Mode = Bus</c>: audit records over MassTransit on the hub-internal vhost to the single sequencer, on a real node.</summary>
[TestFixture]
public sealed class AuditBusTests : CoreTestBase
{
    [Test, CancelAfter(120_000)]
    public async Task BusMode_RoutedEnvelope_SequencerAppendsItsDecisions(CancellationToken cancellationToken)
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
    public async Task BusMode_NoSequencerQueueYet_PublishFailsInsteadOfBeingDropped(CancellationToken cancellationToken)
    {
        var env = RabbitMqEnvironment.Current;
        // A fresh hub-internal where no sequencer ever ran: no queue is bound to the audit submissions' exchange.
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
                ["Internal:ClientName"] = "audit-bus-test",
            });
            builder.Services.AddBrokerMassTransit("Internal", _ => { });
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            try
            {
                var trail = new BusAuditTrail(host.Services.GetRequiredService<MassTransit.IPublishEndpoint>());
                var refused = new IngressRefused
                {
                    Code = "replayed",
                    Reason = "test",
                    AuthenticatedUser = "TH-ONCB",
                    EnvelopeId = EnvelopeId.New().ToString(),
                    BodySize = 1,
                    BodyHash = new byte[32],
                    RefusedAt = DateTimeOffset.UnixEpoch,
                };
                Assert.That(async () => await trail.AppendAsync([refused], default, cancellationToken), Throws.InstanceOf<MassTransit.MessageReturnedException>());
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
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        // Stopped here, before the test's hub-internal is deleted, so the bus shuts down cleanly.
        await using var hub = await StartHubAsync("bus", cancellationToken, extra: new Dictionary<string, string?>
        {
            ["Audit:Mode"] = "Bus",
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

        var store = hub.Services.GetRequiredService<AuditLog>().Store;
        var decisions = new List<DecisionRecorded>();
        await Eventually.WaitForAsync(async ct =>
        {
            decisions.Clear();
            await foreach (var stored in store.ReadEntriesAsync(0, long.MaxValue, ct))
            {
                if (AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _) && entry.Record is DecisionRecorded d && d.EnvelopeId == id.ToString())
                {
                    decisions.Add(d);
                }
            }

            return decisions.Count == 2;
        }, Timeout, "the sequencer to append both decisions", cancellationToken);
        Assert.That(decisions.Select(d => (d.Recipient.Value, d.Outcome)), Is.EquivalentTo(new[] { ("RU-MVD", RecordedOutcome.Allow), ("SG-CNB", RecordedOutcome.Deny) }));
    }
}
