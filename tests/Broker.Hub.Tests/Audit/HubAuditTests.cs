using Broker.Audit.Replay;
using Broker.Audit.Verification;
using Broker.Hub.Audit;
using Broker.Hub.Routing;
using Broker.Hub.Tests.Support;
using Broker.Hub.Trust;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Receipts;
using Broker.Protocol.Transparency;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Hub.Tests.Audit;

public sealed class HubAuditTests
{
    private static readonly string[] ThSendsTo = ["RU", "SG"];
    private static readonly string[] OnlyRu = ["RU-MVD"];
    private static readonly string[] RefusalCodes = ["sender-mismatch", "user-id-missing", "replayed", "too-large"];

    private static async Task<(RouterHarness Harness, AuditLog Log)> StartAsync(CancellationToken cancellationToken)
    {
        AuditLog? log = null;
        var harness = new RouterHarness(policy: new SignedPolicyRouting(() => OpenPolicies.Set(HubWorld.Countries, OpenPolicies.Only("TH", ThSendsTo))), audit: h =>
        {
            // No receipt head spacing: it is measured on the harness's fake clock, which only moves when a test advances it.
            log = new AuditLog(Microsoft.Extensions.Options.Options.Create(new AuditOptions { SqlitePath = Path.Combine(h.WorkDirectory, "audit.db"), TreeHeadIntervalSeconds = 0, ReceiptTreeHeadSpacingMilliseconds = 0 }),
                new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey), h.Time, NullLogger<AuditLog>.Instance);
            return new DirectAuditTrail(log);
        });
        await log!.StartSequencerAsync(cancellationToken);
        var setup = new List<AuditRecord> { new RegistryChanged { Version = HubWorld.Shared.Registry.Version, SignedRegistry = HubWorld.Shared.SignedRegistry } };
        foreach (var country in HubWorld.Countries)
        {
            var document = OpenPolicies.Document(country, 1, country == "TH" ? ThSendsTo : null);
            setup.Add(new PolicyChanged { Country = new CountryCode(country), Version = 1, Document = document, Signature = OpenPolicies.Sign(document) });
        }

        await log.AppendAsync(setup, default, cancellationToken);
        return (harness, log);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RouteAsync_AlertsAndForgery_LogVerifiesAndReplaysWithoutFindings(CancellationToken cancellationToken)
    {
        var (harness, log) = await StartAsync(cancellationToken);
        try
        {
            var world = HubWorld.Shared;
            await harness.Router.RouteAsync(RouterHarness.Delivery(world.Seal("TH-ONCB", ["RU-MVD", "MY-PDRM"]), "TH-ONCB"), cancellationToken);
            await harness.Router.RouteAsync(RouterHarness.Delivery(world.Seal("TH-ONCB", ["SG-CNB"]), "TH-ONCB", tag: 2), cancellationToken);
            await harness.Router.RouteAsync(RouterHarness.Delivery(world.Seal("RU-MVD", ["TH-ONCB", "MY-PDRM"]), "RU-MVD", tag: 3), cancellationToken);
            // Arrives after its expiry: verification fails and the log records it as not accepted, with the archived bytes.
            var late = world.Seal("TH-ONCB", ["RU-MVD"]);
            harness.Time.Advance(TimeSpan.FromDays(3));
            await harness.Router.RouteAsync(RouterHarness.Delivery(late, "TH-ONCB", tag: 4), cancellationToken);
            var sequencer = await log.Sequencer;
            await sequencer.PublishTreeHeadAsync(cancellationToken);

            var receipts = harness.Publisher.Messages.Where(p => p.Type == "broker.receipt.v1" && p.Exchange == "hub.delivery").Select(p => p.Body.ToArray()).ToList();
            var verification = await new AuditVerifier(new CompositeTreeHeadVerifier([world.HubKey.PublicKey]), "broker-audit").VerifyAsync(log.Store, [], cancellationToken: cancellationToken);
            var replay = await new AuditReplayer(world.Anchor.PublicKey).ReplayAsync(log.Store, cancellationToken: cancellationToken);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(harness.Publisher.Messages.Count(p => p.Exchange == "hub.delivery" && p.Type == "broker.envelope.v1"), Is.EqualTo(4), "RU-MVD, SG-CNB, TH-ONCB and MY-PDRM (from RU); MY-PDRM from TH is withheld");
                Assert.That(verification.Findings, Is.Empty);
                Assert.That(replay.Findings, Is.Empty);
                Assert.That(replay.EnvelopesReverified, Is.EqualTo(4));
                Assert.That(replay.DecisionsReplayed, Is.EqualTo(5));
                Assert.That(receipts, Has.Count.EqualTo(4));
                // Routed receipts are proven by the log (three-element form); the expired envelope's rejection receipt is signed.
                Assert.That(receipts.Count(r => r.Length > 0 && r[0] == 0x83), Is.EqualTo(3));
                Assert.That(receipts.Select(r => RoutingReceiptCodec.TryVerify(r, world.Registry, out _, out var reason) ? "ok" : reason.ToString()), Is.All.EqualTo("ok"));
            }
        }
        finally
        {
            await log.DisposeAsync();
            harness.Dispose();
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ProvenReceipt_AnyByteChanged_FailsVerification(CancellationToken cancellationToken)
    {
        var (harness, log) = await StartAsync(cancellationToken);
        try
        {
            await harness.Router.RouteAsync(RouterHarness.Delivery(HubWorld.Shared.Seal("TH-ONCB", ["RU-MVD"]), "TH-ONCB"), cancellationToken);
            var receipt = harness.Publisher.Messages.Single(p => p.Type == "broker.receipt.v1").Body.ToArray();
            var failures = 0;
            // Every byte position of the proven receipt matters: payload, entry, leaf hash, path, tree head and its signature.
            for (var i = 0; i < receipt.Length; i += 97)
            {
                var tampered = receipt.ToArray();
                tampered[i] ^= 0x01;
                failures += RoutingReceiptCodec.TryVerify(tampered, HubWorld.Shared.Registry, out _, out _) ? 0 : 1;
            }

            using (Assert.EnterMultipleScope())
            {
                Assert.That(RoutingReceiptCodec.TryVerify(receipt, HubWorld.Shared.Registry, out var parsed, out _), Is.True);
                Assert.That(parsed!.DeliveredTo.Select(a => a.Value), Is.EqualTo(OnlyRu));
                Assert.That(failures, Is.EqualTo((receipt.Length + 96) / 97));
            }
        }
        finally
        {
            await log.DisposeAsync();
            harness.Dispose();
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RouteAsync_RoutedEnvelope_AppendsReceivedVerifiedDecisionsDeliveriesInOrder(CancellationToken cancellationToken)
    {
        var audit = new MemoryAuditTrail();
        using var harness = new RouterHarness(policy: new SignedPolicyRouting(() => OpenPolicies.Set(HubWorld.Countries, OpenPolicies.Only("TH", ThSendsTo))), audit: _ => audit);

        await harness.Router.RouteAsync(RouterHarness.Delivery(HubWorld.Shared.Seal("TH-ONCB", ["RU-MVD", "MY-PDRM"]), "TH-ONCB"), cancellationToken);

        var kinds = audit.Records.Select(r => r.Kind).ToList();
        var decisions = audit.Records.OfType<DecisionRecorded>().ToDictionary(d => d.Recipient.Value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kinds, Is.EqualTo(new[] { AuditEntryKind.EnvelopeReceived, AuditEntryKind.EnvelopeVerified, AuditEntryKind.Decision, AuditEntryKind.Decision, AuditEntryKind.Delivery }));
            Assert.That(decisions["RU-MVD"].Rule, Is.EqualTo("TH/1/outbound/out-listed + RU/1/inbound/in-net"));
            Assert.That(decisions["MY-PDRM"].Reason, Is.EqualTo("NoMatchingRule"));
            Assert.That(audit.Records.OfType<DeliveryRecorded>().Single().Recipient.Value, Is.EqualTo("RU-MVD"));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RouteAsync_SpoofedReplayedAndOversized_EachRefusalIsInTheLogWithoutBody(CancellationToken cancellationToken)
    {
        var audit = new MemoryAuditTrail();
        using var harness = new RouterHarness(maxEnvelopeBytes: 64 * 1024, policy: new SignedPolicyRouting(() => OpenPolicies.Set(HubWorld.Countries, OpenPolicies.Only("TH", ThSendsTo))), audit: _ => audit);
        var world = HubWorld.Shared;
        var envelope = world.Seal("TH-ONCB", ["RU-MVD"]);

        await harness.Router.RouteAsync(RouterHarness.Delivery(envelope, "RU-MVD"), cancellationToken); // another agency's user-id
        await harness.Router.RouteAsync(RouterHarness.Delivery(envelope, null, tag: 2), cancellationToken); // no user-id
        await harness.Router.RouteAsync(RouterHarness.Delivery(envelope, "TH-ONCB", tag: 3), cancellationToken); // routed
        await harness.Router.RouteAsync(RouterHarness.Delivery(envelope, "TH-ONCB", tag: 4), cancellationToken); // replayed
        await harness.Router.RouteAsync(RouterHarness.Delivery(new byte[100 * 1024], "TH-ONCB", tag: 5), cancellationToken); // oversized

        var refused = audit.Records.OfType<IngressRefused>().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Select(r => r.Code), Is.EqualTo(RefusalCodes));
            Assert.That(refused[0].AuthenticatedUser, Is.EqualTo("RU-MVD"));
            Assert.That(refused[0].EnvelopeId, Is.Not.Null);
            Assert.That(refused[0].BodyHash, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(envelope)));
            Assert.That(refused[1].AuthenticatedUser, Is.Empty);
            Assert.That(refused[3].EnvelopeId, Is.Null);
            Assert.That(refused[3].BodyHash, Is.Empty, "an oversized body is never read, so it is not hashed either");
            Assert.That(audit.Records.OfType<DeliveryRecorded>().Count(), Is.EqualTo(1), "only the authentic first copy was delivered");
        }
    }
}
