using Broker.Audit.Replay;
using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Broker.Audit.Verification;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Tests.AuditEntries;
using Broker.Protocol.Transparency;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Audit.Tests.Replay;

public class AuditReplayerTests
{
    private static readonly ReplayWorld World = ReplayWorld.Shared;
    private static readonly RegistryChanged RegistryV1 = World.Registry(1);
    private static readonly PolicyChanged[] Policies = [World.Policy("TH", 1), World.Policy("RU", 1), World.Policy("MY", 1)];
    private string _path = string.Empty;
    private SqliteAuditStore _store = null!;
    private AuditSequencer _sequencer = null!;

    [SetUp]
    public async Task CreateLogAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"broker-replay-{Guid.NewGuid():N}.db");
        _store = new SqliteAuditStore(_path);
        await _store.InitializeAsync();
        _sequencer = await AuditSequencer.StartAsync(_store, new CompositeTreeHeadSigner(World.LogKey), new FakeTimeProvider(ReplayWorld.Now),
            AuditSequencerOptions.Default with { PublishInterval = TimeSpan.Zero });
        await AppendAsync([RegistryV1, .. Policies]);
    }

    [TearDown]
    public async Task DeleteLogAsync()
    {
        await _sequencer.DisposeAsync();
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_HonestLog_ReverifiesAndReevaluatesEverythingWithoutFindings(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            await AppendHonestRoutingAsync(cancellationToken);
        }

        var replay = await ReplayAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replay.Findings, Is.Empty);
            Assert.That(replay.EnvelopesReverified, Is.EqualTo(3));
            Assert.That(replay.DecisionsReplayed, Is.EqualTo(6));
            Assert.That(replay.Statistics.VolumeByCountryPair[("TH", "RU")], Is.EqualTo(3));
            Assert.That(replay.Statistics.VolumeByCountryPairAndCategory[("TH", "RU", Protocol.Vocabulary.Category.DrugTrafficking)], Is.EqualTo(3));
            Assert.That(replay.Statistics.DenialsByRule.Keys.Single(), Does.Contain("NoMatchingRule"));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_AllowThePolicyDoesNotGive_NamesDecisionDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        var honest = World.Decide(envelope, RegistryV1, Policies, Records.Malaysian);
        var forged = honest with { Outcome = RecordedOutcome.Allow, Reason = "None", Rule = "TH/1/outbound/out-ru-drugs + MY/1/inbound/in-all", ViewIndex = 0 };
        await AppendAsync(ReplayWorld.Verified(received, 1), forged, Records.Delivery(0, Records.Malaysian) with { EnvelopeId = received.EnvelopeId });

        var replay = await ReplayAsync(cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(honest.Outcome, Is.EqualTo(RecordedOutcome.Deny), "Thailand's policy sends to Russia only");
            Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.DecisionDiffers && f.Detail.Contains("MY-PDRM") && f.Detail.Contains("recorded Allow")));
            Assert.That(replay.Findings, Has.None.Matches<Finding>(f => f.Code == FindingCode.DeliveryWithoutAllow), "the forged Allow covers the delivery; the decision finding names it");
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_DenyWherePolicyAllows_NamesDecisionDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        var honest = World.Decide(envelope, RegistryV1, Policies, Records.Russian);
        await AppendAsync(ReplayWorld.Verified(received, 1), honest with { Outcome = RecordedOutcome.Deny, Reason = "DeniedByRule", ViewIndex = -1 });

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings.Select(f => f.Code), Is.EqualTo(new[] { FindingCode.DecisionDiffers }));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_DecisionClaimingAPolicyVersionNotInForce_NamesPolicyVersionNotInForce(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        // Version 2 is recorded but takes effect only tomorrow, so version 1 decided today.
        await AppendAsync(World.Policy("RU", 2, ReplayWorld.Now.AddDays(1)), ReplayWorld.Verified(received, 1),
            World.Decide(envelope, RegistryV1, Policies, Records.Russian) with { DestinationPolicyVersion = 2 });

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.PolicyVersionNotInForce && f.Detail.Contains("in force were 1/1")));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_PolicyWithBrokenSignature_NamesUnknownPolicyVersion(CancellationToken cancellationToken)
    {
        var policy = World.Policy("MY", 2);
        await AppendAsync(policy with { Document = [.. policy.Document, (byte)' '] });

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.UnknownPolicyVersion && f.Detail.Contains("MY policy v2")));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_AcceptedUnderRegistryThatRevokedTheSender_NamesVerificationDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await AppendAsync(World.Registry(2, "TH-ONCB"));
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, registryVersion: 2));

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.VerificationDiffers && f.Detail.Contains("recorded accepted")));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_GoodEnvelopeRecordedAsRejected_NamesVerificationDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 1, accepted: false, reason: "Ed25519SignatureInvalid"));

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings.Select(f => f.Code), Is.EqualTo(new[] { FindingCode.VerificationDiffers }));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_DeliveryWithoutAllowDecision_NamesDeliveryWithoutAllow(CancellationToken cancellationToken)
    {
        var received = await AppendHonestRoutingAsync(cancellationToken);
        await AppendAsync(Records.Delivery(0, Records.Malaysian) with { EnvelopeId = received.EnvelopeId });

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.DeliveryWithoutAllow && f.Detail.Contains("MY-PDRM")));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_AllowForRejectedEnvelope_NamesDecisionWithoutAcceptedEnvelope(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await AppendAsync(World.Registry(2, "TH-ONCB"));
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 2, accepted: false, reason: "KeyRevoked"), World.Decide(envelope, RegistryV1, Policies, Records.Russian));

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.DecisionWithoutAcceptedEnvelope));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_RegistryNotSignedByAnchor_NamesUnknownRegistryVersion(CancellationToken cancellationToken)
    {
        var genuine = World.Registry(2);
        await AppendAsync(genuine with { SignedRegistry = [.. genuine.SignedRegistry[..^1], (byte)(genuine.SignedRegistry[^1] ^ 1)] });

        var replay = await ReplayAsync(cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.UnknownRegistryVersion && f.Detail.Contains("version 2")));
    }

    private Task<AuditReplay> ReplayAsync(CancellationToken cancellationToken) =>
        new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);

    private async Task<EnvelopeReceived> AppendHonestRoutingAsync(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 1), World.Decide(envelope, RegistryV1, Policies, Records.Russian),
            World.Decide(envelope, RegistryV1, Policies, Records.Malaysian), Records.Delivery(0, Records.Russian) with { EnvelopeId = received.EnvelopeId });
        return received;
    }

    private async Task AppendAsync(params AuditRecord[] records)
    {
        foreach (var record in records)
        {
            await _sequencer.AppendAsync(record);
        }
    }
}
