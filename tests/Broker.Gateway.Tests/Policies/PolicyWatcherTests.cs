using Broker.Gateway.Policies;
using Broker.Hosting.Policies;
using Broker.Protocol.Vocabulary;
using Broker.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Policies;

/// <summary>The periodic rescan, the safety net for file events the watcher misses, runs on the gateway's clock.</summary>
public class PolicyWatcherTests
{
    private static readonly CountryCode Th = new("TH");
    private TestNetwork _network = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _network = new TestNetwork();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _network.Dispose();

    [SetUp]
    public void SetUp() => _folder = TestPolicies.Folder(_network);

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    [CancelAfter(30_000)]
    public async Task StartAsync_NewVersionWithoutFileEvent_PickedUpWhenTheRescanPeriodPassesOnTheClock(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(30);
        var clock = new FakeTimeProvider(Samples.Now);
        using var policies = new GatewayPolicies(
            _network.Registry, new PolicyFolderOptions { Directory = _folder, RescanSeconds = (int)period.TotalSeconds, Watch = false }, clock, NullLogger.Instance);
        policies.Scan();
        var watcher = new PolicyWatcher(policies);
        await watcher.StartAsync(cancellationToken);
        try
        {
            TestPolicies.Write(_network, _folder, TestPolicies.Thailand(2));
            clock.Advance(period - TimeSpan.FromMilliseconds(1));
            var versionBeforePeriod = policies.Current.Latest(Th)!.Version;
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.WaitForAsync(() => policies.Current.Latest(Th)!.Version == 2, TimeSpan.FromSeconds(10), "TH v2 accepted by the rescan", cancellationToken);

            Assert.That(versionBeforePeriod, Is.EqualTo(1), "no rescan before the period has passed on the gateway's clock");
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }
}
