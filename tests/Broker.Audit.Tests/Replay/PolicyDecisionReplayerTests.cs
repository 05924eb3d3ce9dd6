using Broker.Audit.Entries;
using Broker.Audit.Replay;
using Broker.Audit.Tests.Support;
using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Audit.Tests.Replay;

/// <summary>Replay must decide with the hub's own facts function (<see cref="EnvelopePolicy.Facts"/>), even for headers the codec would refuse.</summary>
public sealed class PolicyDecisionReplayerTests
{
    private static readonly string[] Countries = ["TH", "RU", "MY"];

    private static (EnvelopeHeader Header, TrustRegistry Registry, PolicySet Policies) Inputs()
    {
        var world = ReplayWorld.Shared;
        var (_, envelope) = world.Seal();
        var header = Envelope.TryReadHeader(envelope, out var parsed, out _) ? parsed : throw new AssertionException("no header");
        var registry = TrustRegistry.TryLoad(world.Registry(1).SignedRegistry, world.RegistryKey.PublicKey, out var loaded, out _) ? loaded : throw new AssertionException("no registry");
        var policies = PolicySet.Create(Countries.Select(c =>
            PolicyParser.TryParse(c, world.Policy(c, 1).Document, out var policy, out _) ? policy : throw new AssertionException("bad test policy")));
        return (header, registry, policies);
    }

    /// <summary>A second view, listed before the first: the hub refuses views out of index order (NoViews) rather than guess.</summary>
    private static EnvelopeHeader ViewsOutOfOrder(EnvelopeHeader header) => header with
    {
        Views = [new HeaderView(1, [DataClass.OperationalGeneral], new byte[32], new byte[32]), header.Views[0]],
    };

    /// <summary>Russia listed twice: the hub evaluates the addressees as the header lists them.</summary>
    private static EnvelopeHeader RecipientListedTwice(EnvelopeHeader header) => header with
    {
        Recipients = [header.Recipients[0], header.Recipients[0], .. header.Recipients.Skip(1)],
    };

    [TestCase("views-out-of-order")]
    [TestCase("recipient-listed-twice")]
    [TestCase("as-sealed")]
    public void Replay_HeaderTheHubDecided_SameDecisionAsTheHubForEveryRecipient(string variant)
    {
        var (sealedHeader, registry, policies) = Inputs();
        var header = variant switch
        {
            "views-out-of-order" => ViewsOutOfOrder(sealedHeader),
            "recipient-listed-twice" => RecipientListedTwice(sealedHeader),
            _ => sealedHeader,
        };
        var at = ReplayWorld.Now;
        var replayer = new PolicyDecisionReplayer();

        var checks = EnvelopePolicy.CheckRecipients(header, RegistryDirectory.From(registry), policies, at);
        var pairs = checks.Select(check =>
        {
            var recorded = DecisionRecords.Record(header, check.Decision, at);
            return (Hub: DecisionRecords.Summarise(check.Decision, header.Sender), Replayed: replayer.Replay(new DecisionReplayContext(recorded, header, policies, registry, at)));
        }).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pairs, Is.Not.Empty);
            Assert.That(pairs.Select(p => p.Replayed), Is.EqualTo(pairs.Select(p => p.Hub)));
        }
    }

    [Test]
    public void Replay_ViewsOutOfOrder_DeniedAsTheHubDeniesIt()
    {
        var (sealedHeader, registry, policies) = Inputs();
        var header = ViewsOutOfOrder(sealedHeader);
        var recorded = DecisionRecords.Record(header, EnvelopePolicy.CheckRecipients(header, RegistryDirectory.From(registry), policies, ReplayWorld.Now)[0].Decision, ReplayWorld.Now);

        var replayed = new PolicyDecisionReplayer().Replay(new DecisionReplayContext(recorded, header, policies, registry, ReplayWorld.Now));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replayed.Outcome, Is.EqualTo(RecordedOutcome.Deny));
            Assert.That(replayed.Reason, Is.EqualTo(nameof(DenyReason.NoViews)));
        }
    }
}
