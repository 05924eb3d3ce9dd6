using Broker.Audit.Entries;
using Broker.Audit.Replay;
using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Audit.Tests.Support;
using Broker.Audit.TreeHeads;
using Broker.Audit.Verification;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Audit.Tests.Replay;

public class AuditReplayerTests
{
    private static readonly ReplayWorld World = ReplayWorld.Shared;
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
        await AppendAsync(World.Registry(1), ReplayWorld.Policy("TH", 3), ReplayWorld.Policy("RU", 2), ReplayWorld.Policy("MY", 1));
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
    public async Task ReplayAsync_HonestLog_ReverifiesEveryEnvelopeWithoutFindings(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            await AppendHonestRoutingAsync(cancellationToken);
        }

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replay.Findings, Is.Empty);
            Assert.That(replay.EnvelopesReverified, Is.EqualTo(3));
            Assert.That(replay.DecisionsNotReevaluated, Is.EqualTo(6));
            Assert.That(replay.Statistics.VolumeByCountryPair[("TH", "RU")], Is.EqualTo(3));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_AcceptedUnderRegistryThatRevokedTheSender_NamesVerificationDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await AppendAsync(World.Registry(2, "TH-ONCB"));
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, registryVersion: 2));

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.VerificationDiffers && f.Detail.Contains("recorded accepted")));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_GoodEnvelopeRecordedAsRejected_NamesVerificationDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 1, accepted: false, reason: "Ed25519SignatureInvalid"));

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);
        Assert.That(replay.Findings.Select(f => f.Code), Is.EqualTo(new[] { FindingCode.VerificationDiffers }));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_DeliveryWithoutAllowDecision_NamesDeliveryWithoutAllow(CancellationToken cancellationToken)
    {
        var received = await AppendHonestRoutingAsync(cancellationToken);
        await AppendAsync(Records.Delivery(0, Records.Malaysian) with { EnvelopeId = received.EnvelopeId });

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.DeliveryWithoutAllow && f.Detail.Contains("MY-PDRM")));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_AllowForRejectedEnvelope_NamesDecisionWithoutAcceptedEnvelope(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await AppendAsync(World.Registry(2, "TH-ONCB"));
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 2, accepted: false, reason: "KeyRevoked"), Decision(received, Records.Russian, DecisionOutcome.Allow));

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);
        Assert.That(replay.Findings, Has.Some.Matches<Finding>(f => f.Code == FindingCode.DecisionWithoutAcceptedEnvelope));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_DecisionWithOldOrUnknownPolicyVersion_NamesBoth(CancellationToken cancellationToken)
    {
        var received = await AppendHonestRoutingAsync(cancellationToken);
        await AppendAsync(ReplayWorld.Policy("RU", 3), Decision(received, Records.Russian, DecisionOutcome.Allow) with { DestinationPolicyVersion = 2 },
            Decision(received, Records.Russian, DecisionOutcome.Allow) with { DestinationPolicyVersion = 9 });

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey, new MarkerPolicyReplayer()).ReplayAsync(_store, cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replay.Findings.Count(f => f.Code == FindingCode.PolicyVersionNotInForce), Is.EqualTo(2));
            Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.UnknownPolicyVersion && f.Detail.Contains("RU policy v9")));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_AllowThePolicyDoesNotGive_NamesDecisionDiffers(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 1), Decision(received, Records.Russian, DecisionOutcome.Allow),
            Decision(received, Records.Malaysian, DecisionOutcome.Allow) with { Rule = "TH/3/share-drugs-asean" });

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey, new MarkerPolicyReplayer()).ReplayAsync(_store, cancellationToken: cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replay.DecisionsReplayed, Is.EqualTo(2));
            Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.DecisionDiffers && f.Detail.Contains("MY-PDRM") && f.Detail.Contains("recorded Allow")));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task ReplayAsync_RegistryNotSignedByAnchor_NamesUnknownRegistryVersion(CancellationToken cancellationToken)
    {
        var forged = World.Registry(2) with { SignedRegistry = [.. World.Registry(2).SignedRegistry[..^1], 0] };
        await AppendAsync(forged);

        var replay = await new AuditReplayer(World.RegistryKey.PublicKey).ReplayAsync(_store, cancellationToken: cancellationToken);
        Assert.That(replay.Findings, Has.One.Matches<Finding>(f => f.Code == FindingCode.UnknownRegistryVersion && f.Detail.Contains("version 2")));
    }

    private async Task<EnvelopeReceived> AppendHonestRoutingAsync(CancellationToken cancellationToken)
    {
        var (received, envelope) = World.Seal();
        await _sequencer.AppendAsync(received, envelope, cancellationToken);
        await AppendAsync(ReplayWorld.Verified(received, 1), Decision(received, Records.Russian, DecisionOutcome.Allow),
            Decision(received, Records.Malaysian, DecisionOutcome.Deny), Records.Delivery(0, Records.Russian) with { EnvelopeId = received.EnvelopeId });
        return received;
    }

    private static DecisionRecorded Decision(EnvelopeReceived received, Protocol.Vocabulary.AgencyId recipient, DecisionOutcome outcome) =>
        Records.Decision(0, recipient, outcome) with
        {
            EnvelopeId = received.EnvelopeId,
            OriginPolicyVersion = 3,
            DestinationPolicyVersion = recipient == Records.Russian ? 2 : 1,
        };

    private async Task AppendAsync(params AuditRecord[] records)
    {
        foreach (var record in records)
        {
            await _sequencer.AppendAsync(record);
        }
    }

    /// <summary>A stand-in evaluator: Thailand's policy shares drug alerts with Russia only.</summary>
    private sealed class MarkerPolicyReplayer : IDecisionReplayer
    {
        public ReplayedDecision Replay(DecisionReplayContext context) =>
            context.Decision.Recipient == Records.Russian && context.OriginPolicy is not null
                ? new ReplayedDecision(DecisionOutcome.Allow, "TH/3/share-drugs-asean", "None")
                : new ReplayedDecision(DecisionOutcome.Deny, "RU/2/no-amber", "InboundRuleDenies");
    }
}
