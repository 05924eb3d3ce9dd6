using System.Text.Json.Nodes;
using Broker.Hosting.Health;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Envelopes;
using Broker.Testing;
using Broker.Testing.Policies;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client.Exceptions;

namespace Broker.IntegrationTests.Hub;

/// <summary>
/// The gateway → hub boundary as a compromised gateway sees it, holding valid credentials and keys (protocols/amqp.md §3.5,
/// §3.6): origin spoofing, a frame one byte over each size bound, a sender queue full, and a burst of 2,000 envelopes during
/// which another agency's alert is still routed. A missing or another agency's user id, a forged signature, a replay and an
/// expired envelope are in <see cref="RejectionTests"/>. Each case checks the reject code, the dead letter and that nothing
/// else was disturbed.
/// </summary>
[TestFixture]
public sealed class HostileGatewayTests : CoreTestBase
{
    /// <summary>The node's max_message_size and the client's MaxInboundMessageBodySize (deploy/rabbitmq/rabbitmq.conf.template).</summary>
    private const int FrameBound = RabbitConnectionOptions.DefaultMaxInboundMessageBytes;
    private const int HubBound = 1024 * 1024;
    private const int Burst = 2000;

    [Test, CancelAfter(120_000)]
    public async Task EnvelopeNamingAnotherAgencyAsSender_DeadLetteredSenderMismatchAndNothingDelivered(CancellationToken cancellationToken)
    {
        var (russia, deadLetters) = await PrepareAsync(cancellationToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        // TH-ONCB's gateway, with its own valid login, publishes an envelope MY-PDRM really signed (e.g. one it received).
        var spoofed = World.Seal("MY-PDRM", ["RU-MVD"]);
        await PublishAsync(channel, "TH-ONCB", spoofed, messageId: "spoofed-origin", cancellationToken: cancellationToken);

        var letter = await deadLetters.WaitForMessageIdAsync("spoofed-origin", Timeout, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(letter.Header("x-reject-code"), Is.EqualTo("sender-mismatch"));
            Assert.That(letter.Header("x-original-user-id"), Is.EqualTo("TH-ONCB"));
        }

        await AssertOnlyTheNextEnvelopeDeliveredAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(120_000)]
    public async Task BodyOneByteOverTheHubsBound_DeadLetteredTooLargeWithoutItsBody_AndOneAtTheBoundIsRead(CancellationToken cancellationToken)
    {
        var (russia, deadLetters) = await PrepareAsync(cancellationToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        await PublishAsync(channel, "TH-ONCB", new byte[HubBound + 1], messageId: "over-hub", cancellationToken: cancellationToken);
        await PublishAsync(channel, "TH-ONCB", new byte[HubBound], messageId: "at-hub", cancellationToken: cancellationToken);

        var over = await deadLetters.WaitForMessageIdAsync("over-hub", Timeout, cancellationToken);
        var at = await deadLetters.WaitForMessageIdAsync("at-hub", Timeout, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(over.Header("x-reject-code"), Is.EqualTo("too-large"));
            Assert.That(over.Header("x-original-bytes"), Is.EqualTo((HubBound + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(over.Body, Is.Empty, "an oversized body is not copied");
            Assert.That(at.Header("x-reject-code"), Is.Not.EqualTo("too-large"), "at the bound the body is read (and refused as no envelope)");
        }

        await AssertOnlyTheNextEnvelopeDeliveredAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(180_000)]
    public async Task FrameOneByteOverTheNodesMaxMessageSize_BrokerClosesThePublishersChannelAndTheHubIsUndisturbed(CancellationToken cancellationToken)
    {
        var (russia, _) = await PrepareAsync(cancellationToken);
        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        var hubConnections = await HubConnectionsAsync(cancellationToken);
        // Another agency's envelopes are in flight at the hub while the oversized frame is published.
        var russian = await AgencyChannelAsync("RU-MVD", cancellationToken);
        var inFlight = Enumerable.Range(0, 20).Select(_ => EnvelopeId.New().ToString()).ToList();
        foreach (var id in inFlight)
        {
            await PublishAsync(russian, "RU-MVD", World.Seal("RU-MVD", ["TH-ONCB"], EnvelopeId.Parse(id)), messageId: id, cancellationToken: cancellationToken);
        }

        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var closed = await AmqpRefusals.ChannelClosedByAsync(channel,
            () => PublishAsync(channel, "TH-ONCB", new byte[FrameBound + 1], messageId: "over-frame", cancellationToken: cancellationToken), Timeout, cancellationToken);

        await Eventually.WaitForAsync(() => inFlight.All(id => thailand.Messages.Any(m => m.MessageId == id)), Timeout * 3, "the other agency's envelopes", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(closed.ReplyCode, Is.EqualTo(AmqpRefusals.PreconditionFailed), closed.ReplyText);
            Assert.That(closed.ReplyText, Does.Contain("larger than configured max size"));
            Assert.That(thailand.Messages.Where(m => inFlight.Contains(m.MessageId!)).Select(m => m.Redelivered), Is.All.False);
            Assert.That(thailand.Messages.Count(m => inFlight.Contains(m.MessageId!)), Is.EqualTo(inFlight.Count), "each delivered once");
        }

        Assert.That(await HubConnectionsAsync(cancellationToken), Is.EqualTo(hubConnections), "the hub kept its connection: nothing unacked went back to a queue");
        await AssertOnlyTheNextEnvelopeDeliveredAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(180_000)]
    public async Task FrameAtTheClientsBound_ReachesTheHubAndIsDeadLetteredTooLargeWithoutDroppingItsConnection(CancellationToken cancellationToken)
    {
        var (russia, deadLetters) = await PrepareAsync(cancellationToken);
        var hubConnections = await HubConnectionsAsync(cancellationToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        await PublishAsync(channel, "TH-ONCB", new byte[FrameBound], messageId: "at-frame", cancellationToken: cancellationToken);

        var letter = await deadLetters.WaitForMessageIdAsync("at-frame", Timeout * 2, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(letter.Header("x-reject-code"), Is.EqualTo("too-large"));
            Assert.That(letter.Body, Is.Empty);
        }

        Assert.That(await HubConnectionsAsync(cancellationToken), Is.EqualTo(hubConnections), "the client took the largest frame the node lets through");
        await AssertOnlyTheNextEnvelopeDeliveredAsync(russia, cancellationToken);
    }

    [Test, CancelAfter(120_000)]
    public async Task SendersQueueFull_FurtherPublishesOfThatAgencyNackedWhileAnotherAgencyIsStillAccepted(CancellationToken cancellationToken)
    {
        // The deployed bound is 10,000 messages (definitions.py); a policy lowers it to 3 for this sandbox (the lower one applies).
        await Sandbox.Management.PutAsync($"policies/{RabbitMqManagement.Segment(Sandbox.Hub)}/test-full", new JsonObject
        {
            ["pattern"] = @"^hub\.ingress\.TH-ONCB$",
            ["apply-to"] = "queues",
            ["priority"] = 100,
            ["definition"] = new JsonObject { ["max-length"] = 3 },
        }, cancellationToken);
        await Eventually.WaitForAsync(async ct => (await Sandbox.Management.GetAsync($"queues/{RabbitMqManagement.Segment(Sandbox.Hub)}/hub.ingress.TH-ONCB", ct))?["effective_policy_definition"]?["max-length"] is not null,
            Timeout, "the test policy to apply", cancellationToken);
        var thai = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        // A quorum queue learns it is full asynchronously (its log applies each enqueue), so it may take a few more than 3.
        var (accepted, refused) = (0, (PublishException?)null);
        while (refused is null && accepted < 50)
        {
            try
            {
                await PublishAsync(thai, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"]), cancellationToken: cancellationToken);
                accepted++;
            }
            catch (PublishException ex)
            {
                refused = ex;
            }
        }

        var russian = await AgencyChannelAsync("RU-MVD", cancellationToken);
        var id = EnvelopeId.New().ToString();
        await PublishAsync(russian, "RU-MVD", World.Seal("RU-MVD", ["TH-ONCB"], EnvelopeId.Parse(id)), messageId: id, cancellationToken: cancellationToken);

        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        await StartHubAsync("a", cancellationToken);
        await thailand.WaitForMessageIdAsync(id, Timeout, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused, Is.Not.Null, $"TH-ONCB's queue never refused a publish ({accepted} accepted)");
            Assert.That(refused?.IsReturn, Is.False, "a basic.nack, not a return: the queue refused it");
            Assert.That(accepted, Is.GreaterThanOrEqualTo(3));
        }
    }

    [Test, CancelAfter(600_000)]
    public async Task BurstOf2000FromOneAgency_AnotherAgencysAlertIsRoutedBeforeTheBurstDrains(CancellationToken cancellationToken)
    {
        var policies = WritePolicies("fair", OpenPolicies.Pairs([.. Pairs, "RU-MVD->MY-PDRM"]));
        var malaysia = await CollectDeliveriesAsync("MY-PDRM", cancellationToken);
        var thai = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var burst = Enumerable.Range(0, Burst).Select(_ => EnvelopeId.New().ToString()).ToList();
        var pending = new List<Task>();
        foreach (var id in burst)
        {
            pending.Add(PublishAsync(thai, "TH-ONCB", World.Seal("TH-ONCB", ["MY-PDRM"], EnvelopeId.Parse(id)), messageId: id, cancellationToken: cancellationToken));
            if (pending.Count == 200)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        // Queued behind the whole burst: a single first-come-first-served ingress queue would route it last.
        var alert = EnvelopeId.New().ToString();
        await PublishAsync(await AgencyChannelAsync("RU-MVD", cancellationToken), "RU-MVD", World.Seal("RU-MVD", ["MY-PDRM"], EnvelopeId.Parse(alert)), messageId: alert, cancellationToken: cancellationToken);

        await StartHubAsync("a", cancellationToken, policies: policies);
        await malaysia.WaitForMessageIdAsync(alert, Timeout * 6, cancellationToken);
        await Eventually.WaitForAsync(() => malaysia.Messages.Count >= Burst + 1, Timeout * 20, "the whole burst", cancellationToken);

        var order = malaysia.Messages.Select(m => m.MessageId).ToList();
        var before = order.IndexOf(alert);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.LessThan(Burst / 2), $"the other agency's alert came after {before} of the burst's {Burst} envelopes");
            Assert.That(order.Distinct().Count(), Is.EqualTo(Burst + 1), "every envelope delivered, once");
        }
    }

    [Test, CancelAfter(180_000)]
    public async Task RegistryAgencyWithoutIngressQueue_OtherAgenciesStillRouted_ReadinessNamesIt_AndItIsConsumedOnceCreated(CancellationToken cancellationToken)
    {
        // RU-MVD is in the registry, but its queue is not defined (an agency added to the registry before the definitions).
        const string Missing = "hub.ingress.RU-MVD";
        var queuePath = $"queues/{RabbitMqManagement.Segment(Sandbox.Hub)}/{RabbitMqManagement.Segment(Missing)}";
        var definition = await Sandbox.Management.GetAsync(queuePath, cancellationToken) ?? throw new InvalidOperationException("no queue");
        await Sandbox.Management.DeleteAsync(queuePath, cancellationToken);
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        var thai = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        var logs = new CollectingLogs();
        var hub = await StartHubAsync("a", cancellationToken, web: true, logs: logs,
            extra: new Dictionary<string, string?> { ["Routing:MissingQueueRescanSeconds"] = "1" });
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };

        // Another agency's envelope is still routed and delivered.
        var fromThai = EnvelopeId.New().ToString();
        await PublishAsync(await AgencyChannelAsync("TH-ONCB", cancellationToken), "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], EnvelopeId.Parse(fromThai)), messageId: fromThai, cancellationToken: cancellationToken);
        await russia.WaitForMessageIdAsync(fromThai, Timeout, cancellationToken);
        var degraded = await HealthProbe.WaitForAsync(client, BrokerHealth.ReadyPath,
            r => HealthProbe.Checks(r.Body).GetValueOrDefault("consumers") == "Degraded", Timeout, cancellationToken);
        var (degradedStatus, _) = await HealthProbe.GetAsync(client, BrokerHealth.ReadyPath, cancellationToken);

        // The operator adds the queue and its binding: RU-MVD's envelope is consumed too, without a restart.
        await Sandbox.Management.PutAsync(queuePath, new JsonObject { ["durable"] = true, ["arguments"] = definition["arguments"]!.DeepClone() }, cancellationToken);
        await Sandbox.Management.PostAsync($"bindings/{RabbitMqManagement.Segment(Sandbox.Hub)}/e/hub.ingress/q/{RabbitMqManagement.Segment(Missing)}",
            new JsonObject { ["routing_key"] = "from.RU-MVD" }, cancellationToken);
        var fromRussia = EnvelopeId.New().ToString();
        await PublishAsync(await AgencyChannelAsync("RU-MVD", cancellationToken), "RU-MVD", World.Seal("RU-MVD", ["TH-ONCB"], EnvelopeId.Parse(fromRussia)), messageId: fromRussia, cancellationToken: cancellationToken);
        await thai.WaitForMessageIdAsync(fromRussia, Timeout, cancellationToken);
        await HealthProbe.WaitForAsync(client, BrokerHealth.ReadyPath,
            r => HealthProbe.Checks(r.Body).GetValueOrDefault("consumers") == "Healthy", Timeout, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HealthProbe.Description(degraded, "consumers"), Does.StartWith($"not consuming {Missing}: the queue does not exist"));
            Assert.That(HealthProbe.Description(degraded, "consumers"), Does.Not.Contain("hub.ingress.TH-ONCB"), "only the missing queue is named");
            Assert.That(degradedStatus, Is.EqualTo(System.Net.HttpStatusCode.OK), "still ready: the other agencies are served");
            Assert.That(logs.Events.Where(e => e.Id == 6024).Select(e => e.Message), Has.Some.Contain(Missing).And.All.Not.Contain("TH-ONCB"));
            Assert.That(logs.Events.Where(e => e.Id == 6025).Select(e => e.Message), Has.Some.Contain(Missing));
            Assert.That(russia.Messages.Where(m => m.Type == "broker.envelope.v1").Select(m => m.MessageId), Is.EqualTo(new[] { fromThai }));
            Assert.That(thai.Messages.Where(m => m.Type == "broker.envelope.v1").Select(m => m.MessageId), Is.EqualTo(new[] { fromRussia }));
        }
    }

    /// <summary>Every log event of the hub (id and rendered message), from any category.</summary>
    private sealed class CollectingLogs : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(int Id, string Message)> _events = new();

        public IReadOnlyList<(int Id, string Message)> Events => [.. _events];

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _events.Enqueue((eventId.Id, formatter(state, exception)));

        public void Dispose()
        {
        }
    }

    private async Task<(MessageCollector Russia, MessageCollector DeadLetters)> PrepareAsync(CancellationToken cancellationToken)
    {
        var russia = await CollectDeliveriesAsync("RU-MVD", cancellationToken);
        var deadLetters = await CollectDeadLettersAsync(cancellationToken);
        await StartHubAsync("a", cancellationToken);
        return (russia, deadLetters);
    }

    /// <summary>The hub's connections to the sandbox (name and time connected): the same list means it never reconnected.</summary>
    private async Task<List<string>> HubConnectionsAsync(CancellationToken cancellationToken)
    {
        List<string> found = [];
        await Eventually.WaitForAsync(async ct =>
        {
            found = [.. (await Sandbox.Management.ListAsync($"vhosts/{RabbitMqManagement.Segment(Sandbox.Hub)}/connections", ct))
                .Where(c => c["user"]?.GetValue<string>() == "hub-core")
                .Select(c => $"{c["name"]} {c["connected_at"]}")
                .Order(StringComparer.Ordinal)];
            return found.Count > 0;
        }, Timeout, "the hub's connection in the management API", cancellationToken);
        return found;
    }

    /// <summary>Sends a valid envelope behind the hostile ones; once it arrives they were processed, and nothing of theirs may be there.</summary>
    private async Task AssertOnlyTheNextEnvelopeDeliveredAsync(MessageCollector russia, CancellationToken cancellationToken)
    {
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);
        var id = EnvelopeId.New().ToString();
        await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], EnvelopeId.Parse(id)), messageId: id, cancellationToken: cancellationToken);
        await russia.WaitForMessageIdAsync(id, Timeout, cancellationToken);
        Assert.That(russia.Messages.Where(m => m.Type == "broker.envelope.v1").Select(m => m.MessageId), Is.EqualTo(new[] { id }));
    }
}
