using Broker.IntegrationTests.Gateway;
using Broker.Testing;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// kill -9 of real service processes mid-stream (agency system -> TH-ONCB gateway -> hub -> RU-MVD and MY-PDRM gateways ->
/// agency systems) on sandbox copies of the shared node's vhosts: afterwards every alert reached every permitted agency
/// system exactly once, none lost, nothing dead-lettered.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ProcessKillTests
{
    private TopologySandbox _sandbox = null!;
    private GatewayNetwork _network = null!;
    private FaultStack _stack = null!;

    private static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _sandbox = await TopologySandbox.CreateAsync(["TH-ONCB", "RU-MVD", "MY-PDRM"]);
        _network = GatewayNetwork.Create();
        _stack = new FaultStack(RabbitMqEnvironment.Current, _sandbox.Hub, _sandbox.Agency, _network);
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

    [Test]
    [CancelAfter(150_000)]
    public async Task Hub_KilledMidStreamOf1000Alerts_EveryAlertReachesEveryRecipientExactlyOnce(CancellationToken cancellationToken)
    {
        const int Count = 1000;
        var data = Directory.CreateDirectory(Path.Combine(_network.Directory, "hub-kill")).FullName;
        var hub = await _stack.StartHubAsync(data, cancellationToken);
        using var thailand = await _stack.StartGatewayAsync("TH-ONCB", Path.Combine(data, "th.db"), cancellationToken);
        using var russia = await _stack.StartGatewayAsync("RU-MVD", Path.Combine(data, "ru.db"), cancellationToken);
        using var malaysia = await _stack.StartGatewayAsync("MY-PDRM", Path.Combine(data, "my.db"), cancellationToken);
        await using var ruInbox = await InboxTally.StartAsync("RU-MVD", _sandbox.Agency("RU-MVD"), _stack.Environment, cancellationToken);
        await using var myInbox = await InboxTally.StartAsync("MY-PDRM", _sandbox.Agency("MY-PDRM"), _stack.Environment, cancellationToken);

        var sent = await AgencySender.PublishAsync("TH-ONCB", _sandbox.Agency("TH-ONCB"), _stack.Environment, Count, cancellationToken);
        // Kill while the stream flows: some alerts delivered, some in the hub's hands, most still to come.
        await Eventually.WaitForAsync(() => ruInbox.Distinct >= Count / 5, Timeout * 6, "the first fifth of the alerts at RU-MVD", cancellationToken);
        hub.Kill();
        hub.Dispose();
        var deliveredAtKill = ruInbox.Distinct;
        using var restarted = await _stack.StartHubAsync(data, cancellationToken);

        await WaitForAllAsync([ruInbox, myInbox], Count, cancellationToken);
        var deadLetters = await _sandbox.Management.MessageCountAsync(_sandbox.Hub, "hub.dead-letters", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deliveredAtKill, Is.LessThan(Count), "the hub was killed before the stream ended");
            AssertExactlyOnce(ruInbox, sent, allowFlagged: false);
            AssertExactlyOnce(myInbox, sent, allowFlagged: false);
            Assert.That(deadLetters, Is.Zero, "nothing was dead-lettered (a takeover after the kill is not a replay)");
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Gateway_KilledBetweenReceivingAndAcknowledging_EachAlertReachesTheAgencyOnceByMessageId(CancellationToken cancellationToken)
    {
        const int Count = 100;
        var data = Directory.CreateDirectory(Path.Combine(_network.Directory, "gateway-kill")).FullName;
        var russiaStore = Path.Combine(data, "ru.db");
        using var hub = await _stack.StartHubAsync(data, cancellationToken);
        using var thailand = await _stack.StartGatewayAsync("TH-ONCB", Path.Combine(data, "th.db"), cancellationToken);
        using var malaysia = await _stack.StartGatewayAsync("MY-PDRM", Path.Combine(data, "my.db"), cancellationToken);
        var russia = await _stack.StartGatewayAsync("RU-MVD", russiaStore, cancellationToken);
        await using var ruInbox = await InboxTally.StartAsync("RU-MVD", _sandbox.Agency("RU-MVD"), _stack.Environment, cancellationToken);
        await using var myInbox = await InboxTally.StartAsync("MY-PDRM", _sandbox.Agency("MY-PDRM"), _stack.Environment, cancellationToken);

        var sent = await AgencySender.PublishAsync("TH-ONCB", _sandbox.Agency("TH-ONCB"), _stack.Environment, Count, cancellationToken);
        // RU-MVD's gateway holds up to its prefetch of unacknowledged deliveries while it opens, stores and publishes them.
        await Eventually.WaitForAsync(() => ruInbox.Distinct >= 10, Timeout * 6, "the first alerts at RU-MVD", cancellationToken);
        russia.Kill();
        russia.Dispose();
        var deliveredAtKill = ruInbox.Distinct;
        using var restarted = await _stack.StartGatewayAsync("RU-MVD", russiaStore, cancellationToken);

        await WaitForAllAsync([ruInbox, myInbox], Count, cancellationToken);
        await Eventually.WaitForAsync(
            async ct => await _sandbox.Management.MessageCountAsync(_sandbox.Hub, "deliver.RU-MVD", ct) == 0,
            Timeout * 3, "RU-MVD's delivery queue to drain", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deliveredAtKill, Is.LessThan(Count), "the gateway was killed before the stream ended");
            // A copy published just before the kill, whose confirm or ack was lost, is republished flagged x-possible-duplicate
            // with the same message id: the agency system drops it by id, so it still sees each alert once.
            AssertExactlyOnce(ruInbox, sent, allowFlagged: true);
            AssertExactlyOnce(myInbox, sent, allowFlagged: false);
        }
    }

    internal static async Task WaitForAllAsync(IReadOnlyList<InboxTally> inboxes, int count, CancellationToken cancellationToken)
    {
        foreach (var inbox in inboxes)
        {
            await Eventually.WaitForAsync(
                () => inbox.Distinct >= count, TimeSpan.FromSeconds(100), $"all {count} alerts at every recipient ({string.Join(", ", inboxes.Select(i => i.Distinct))} so far)", cancellationToken);
        }
    }

    internal static void AssertExactlyOnce(InboxTally inbox, IReadOnlyList<string> sent, bool allowFlagged)
    {
        // With republishing allowed, an alert whose first publish died with the gateway arrives only as the flagged copy:
        // the agency system still sees it once, so the alerts seen are the unflagged ones plus those only seen flagged.
        var seen = allowFlagged ? inbox.Plain.Keys.Union(inbox.Flagged.Keys) : inbox.Plain.Keys;
        Assert.That(seen, Is.EquivalentTo(sent), "every alert once, none lost, none foreign");
        Assert.That(inbox.Plain.Values, Is.All.EqualTo(1), "no alert delivered twice without the duplicate flag");
        Assert.That(inbox.MessageIdMismatches, Is.Zero, "every copy of an alert carries the same message id");
        if (!allowFlagged)
        {
            Assert.That(inbox.Flagged, Is.Empty, "no republished copies");
        }
    }
}
