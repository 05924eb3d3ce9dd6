using Broker.Hosting.Policies;
using Broker.Hub.Policies;
using Broker.Hub.Tests.Support;
using Broker.Hub.Trust;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;
using Broker.Testing;
using Broker.Testing.Policies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Hub.Tests.Policies;

/// <summary>The shared policy folder as the hub uses it: verified against the registry in force, each accepted version announced first.</summary>
public sealed class PolicyFolderTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("hub-policies-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private readonly FakeTimeProvider _time = new(HubWorld.Now);

    private PolicyFolder Source(List<AcceptedPolicy>? accepted = null, string? statePath = null)
    {
        var source = new PolicyFolder(new PolicyFolderOptions { Directory = _directory, Watch = false, RescanSeconds = 30, StatePath = statePath ?? "" },
            new CurrentRegistryPolicyVerifier(new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey)), _time, NullLogger.Instance);
        source.Accepted = (policy, _) =>
        {
            accepted?.Add(policy);
            return Task.CompletedTask;
        };
        return source;
    }

    private static long VersionOf(PolicyFolder source, string country) => source.Current.Latest(new CountryCode(country))?.Version ?? 0;

    [Test]
    [CancelAfter(10_000)]
    public async Task ScanAsync_SignedNewerVersion_TakesEffectAndIsAnnounced(CancellationToken cancellationToken)
    {
        var accepted = new List<AcceptedPolicy>();
        using var source = Source(accepted);
        OpenPolicies.Write(_directory, "th.policy.json", OpenPolicies.Document("TH", 1));
        await source.StartAsync(cancellationToken);

        OpenPolicies.Write(_directory, "th-v2.policy.json", OpenPolicies.Document("TH", 2));
        var results = await source.ScanAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Single().Status, Is.EqualTo(PolicyUpdateStatus.Accepted));
            Assert.That(VersionOf(source, "TH"), Is.EqualTo(2));
            Assert.That(accepted.Select(a => a.Policy.Version), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(accepted[1].Signature, Is.Not.Empty);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ScanAsync_UnsignedNewerVersion_RefusedAndLastGoodKept(CancellationToken cancellationToken)
    {
        using var source = Source();
        OpenPolicies.Write(_directory, "th.policy.json", OpenPolicies.Document("TH", 1));
        await source.StartAsync(cancellationToken);

        OpenPolicies.Write(_directory, "th-v2.policy.json", OpenPolicies.Document("TH", 2), sign: false);
        var results = await source.ScanAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Single().Status, Is.EqualTo(PolicyUpdateStatus.SignatureMissing));
            Assert.That(VersionOf(source, "TH"), Is.EqualTo(1));
            Assert.That(source.Refused, Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ScanAsync_SignatureOverOtherBytes_RefusedAsSignatureInvalid(CancellationToken cancellationToken)
    {
        using var source = Source();
        await source.StartAsync(cancellationToken);
        var document = OpenPolicies.Document("TH", 1);
        File.WriteAllBytes(Path.Combine(_directory, "th.policy.json"), document);
        // A signature over the v2 document placed beside v1: any byte change invalidates it.
        File.WriteAllBytes(Path.Combine(_directory, "th.policy.json.sig"), Broker.Policy.Signing.PolicySignatures.EncodeFile(OpenPolicies.Sign(OpenPolicies.Document("TH", 2))));

        var results = await source.ScanAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Single().Status, Is.EqualTo(PolicyUpdateStatus.SignatureInvalid));
            Assert.That(source.Current.Countries, Is.Empty);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ScanAsync_InvalidDocument_RefusedAndNotOfferedAgainUntilChanged(CancellationToken cancellationToken)
    {
        using var source = Source();
        await source.StartAsync(cancellationToken);
        OpenPolicies.Write(_directory, "th.policy.json", "{\"kind\":\"sharing-policy/v9\"}"u8.ToArray());

        var first = await source.ScanAsync(cancellationToken);
        var second = await source.ScanAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Single().Status, Is.EqualTo(PolicyUpdateStatus.Invalid));
            Assert.That(second, Is.Empty);
            Assert.That(source.Refused, Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task StartAsync_RescanPeriodPasses_NewSignedVersionTakesEffectWithoutAnExplicitScan(CancellationToken cancellationToken)
    {
        using var source = Source();
        OpenPolicies.Write(_directory, "th.policy.json", OpenPolicies.Document("TH", 1));
        await source.StartAsync(cancellationToken);
        OpenPolicies.Write(_directory, "th-v2.policy.json", OpenPolicies.Document("TH", 2));

        _time.Advance(TimeSpan.FromSeconds(29));
        var beforeThePeriod = VersionOf(source, "TH");
        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.WaitForAsync(() => VersionOf(source, "TH") == 2, TimeSpan.FromSeconds(5), "the periodic rescan to load v2", cancellationToken);
        Assert.That(beforeThePeriod, Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ScanAsync_AnnouncementFails_VersionNotUsedUntilAnnounced(CancellationToken cancellationToken)
    {
        var failures = 1;
        using var source = Source();
        source.Accepted = (_, _) => Interlocked.Decrement(ref failures) >= 0 ? throw new IOException("audit store down") : Task.CompletedTask;
        OpenPolicies.Write(_directory, "th.policy.json", OpenPolicies.Document("TH", 1));

        Assert.That(async () => await source.ScanAsync(cancellationToken), Throws.InstanceOf<IOException>());
        var whileUnannounced = VersionOf(source, "TH");
        await source.ScanAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileUnannounced, Is.Zero, "a version the audit log did not record is not used for routing");
            Assert.That(VersionOf(source, "TH"), Is.EqualTo(1));
        }
    }

    [Test]
    public void StartAsync_MissingDirectory_FailsLoudly()
    {
        Directory.Delete(_directory);
        using var source = Source();

        Assert.That(() => source.StartAsync(), Throws.InvalidOperationException.With.Message.Contains("does not exist"));
        Directory.CreateDirectory(_directory);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Restart_OlderSignedVersionsInTheFolder_RefusedAsBeforeTheRestart(CancellationToken cancellationToken)
    {
        // Issue 12 item 4: after a restart an older, validly signed policy was accepted again. Before the restart TH v2 is in force and
        // another signed v1 is refused as not newer; after it (v2's file gone, the other v1 still there) the same must hold.
        var state = Path.Combine(_directory, "state", "policy-state.json");
        using (var first = Source(statePath: state))
        {
            OpenPolicies.Write(_directory, "th.policy.json", OpenPolicies.Document("TH", 1));
            await first.StartAsync(cancellationToken);
            OpenPolicies.Write(_directory, "th-v2.policy.json", OpenPolicies.Document("TH", 2));
            OpenPolicies.Write(_directory, "th-other.policy.json", OpenPolicies.Document("TH", 1, ["RU"]));
            var results = await first.ScanAsync(cancellationToken);
            Assert.That(results.Single(r => r.Source == "th-other.policy.json").Status, Is.EqualTo(PolicyUpdateStatus.NotNewer));
        }

        File.Delete(Path.Combine(_directory, "th-v2.policy.json"));
        File.Delete(Path.Combine(_directory, "th-v2.policy.json.sig"));
        var announced = new List<AcceptedPolicy>();
        using var restarted = Source(announced, state);
        await restarted.StartAsync(cancellationToken);
        var rescan = await restarted.ScanAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(VersionOf(restarted, "TH"), Is.EqualTo(2));
            Assert.That(restarted.Refused, Is.EqualTo(1), "the other v1 is refused again");
            Assert.That(restarted.Current.Versions(new CountryCode("TH")).Select(p => p.Version), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(announced.Select(a => a.Policy.Version), Is.EqualTo(new long[] { 1, 2 }), "the kept versions are announced (the audit log dedupes)");
            Assert.That(rescan, Is.Empty);
        }
    }
}
