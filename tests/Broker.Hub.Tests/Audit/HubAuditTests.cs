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

    [Test]
    [CancelAfter(30_000)]
    public async Task RouteAsync_AuditStoreFails_NothingDeliveredMessageRetriedThenRoutedOnce(CancellationToken cancellationToken)
    {
        // Issue 12 item 5: copies were published before the audit append; with the store failing, recipients had the alert and the
        // log never recorded it. Now the store failure throws before any copy (the consumer requeues), and the redelivery routes it.
        var (harness, log) = await StartAsync(cancellationToken);
        try
        {
            var world = HubWorld.Shared;
            var body = world.Seal("TH-ONCB", ["RU-MVD"]);
            var database = Path.Combine(harness.WorkDirectory, "audit.db");
            await ExecuteSqliteAsync(database, "ALTER TABLE audit_entries RENAME TO audit_entries_away", cancellationToken);

            Assert.That(async () => await harness.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB"), cancellationToken), Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(harness.Publisher.To("hub.delivery", "RU-MVD"), Is.Empty, "no copy before the log holds the envelope");
                Assert.That(harness.Publisher.To("hub.delivery", "TH-ONCB"), Is.Empty, "no receipt either");
            }

            await ExecuteSqliteAsync(database, "ALTER TABLE audit_entries_away RENAME TO audit_entries", cancellationToken);
            var disposition = await harness.Router.RouteAsync(RouterHarness.Delivery(body, "TH-ONCB", redelivered: true, tag: 2), cancellationToken);
            var sequencer = await log.Sequencer;
            await sequencer.PublishTreeHeadAsync(cancellationToken);
            var verification = await new AuditVerifier(new CompositeTreeHeadVerifier([world.HubKey.PublicKey]), "broker-audit").VerifyAsync(log.Store, [], cancellationToken: cancellationToken);
            var kinds = new List<AuditEntryKind>();
            await foreach (var stored in log.Store.ReadEntriesAsync(0, long.MaxValue, cancellationToken))
            {
                kinds.Add(AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _) ? entry.Record.Kind : default);
            }

            using (Assert.EnterMultipleScope())
            {
                Assert.That(disposition, Is.EqualTo(Broker.Hosting.Rabbit.DeliveryDisposition.Ack));
                Assert.That(harness.Publisher.To("hub.delivery", "RU-MVD", "broker.envelope.v1"), Has.Count.EqualTo(1));
                Assert.That(kinds.Count(k => k == AuditEntryKind.EnvelopeReceived), Is.EqualTo(1));
                Assert.That(kinds.Count(k => k == AuditEntryKind.Delivery), Is.EqualTo(1));
                Assert.That(kinds.IndexOf(AuditEntryKind.Decision), Is.LessThan(kinds.IndexOf(AuditEntryKind.Delivery)));
                Assert.That(verification.Findings, Is.Empty);
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
    public async Task RouteAsync_EnvelopeAndDecisionsAreDurableBeforeTheFirstCopyIsPublished(CancellationToken cancellationToken)
    {
        RouterHarness? h = null;
        var trail = new PublishCountingTrail(() => h!.Publisher.Messages.Count);
        using var harness = h = new RouterHarness(audit: _ => trail);

        await harness.Router.RouteAsync(RouterHarness.Delivery(HubWorld.Shared.Seal("TH-ONCB", ["RU-MVD", "MY-PDRM"]), "TH-ONCB"), cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(trail.Appends[0].Kinds, Is.EqualTo(new[] { AuditEntryKind.EnvelopeReceived, AuditEntryKind.EnvelopeVerified, AuditEntryKind.Decision, AuditEntryKind.Decision }));
            Assert.That(trail.Appends[0].PublishedBefore, Is.Zero, "no copy is published before the decisions are durable");
            Assert.That(trail.Appends[1].Kinds, Is.EqualTo(new[] { AuditEntryKind.Delivery, AuditEntryKind.Delivery }));
            Assert.That(trail.Appends[1].PublishedBefore, Is.EqualTo(2), "deliveries are recorded after both copies were confirmed");
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RouteAsync_RefusedBodiesReusingARoutedId_ArchiveKeepsTheRoutedBodyAndVerifyHasNoFinding(CancellationToken cancellationToken)
    {
        // Issue 12 item 15: a body that fails verification with id W, then the genuine envelope W, then another junk W. The archive kept
        // the first body for W, returned the junk for the routed alert and `broker audit verify` named the genuine one altered.
        var (harness, log) = await StartAsync(cancellationToken);
        try
        {
            var world = HubWorld.Shared;
            var id = Broker.Protocol.Envelopes.EnvelopeId.New();
            using var forger = new Broker.Protocol.Keys.AgencyKeys(world["TH-ONCB"].Agency, Broker.Protocol.Keys.SigningKeyPair.FromSeed(HubWorld.Seed(0x66, 2)), Broker.Protocol.Keys.EncryptionKeyPair.FromSeed(HubWorld.Seed(0x67, 2)));
            var junk = world.Seal("TH-ONCB", ["RU-MVD"], id: id, signWith: forger);
            var genuine = world.Seal("TH-ONCB", ["RU-MVD"], id: id);
            var laterJunk = world.Seal("TH-ONCB", ["RU-MVD"], id: id, signWith: forger);
            var big = world.Seal("TH-ONCB", ["RU-MVD"], signWith: forger, plaintextBytes: Broker.Audit.Storage.ArchiveLimits.MaxRefusedEnvelopeBytes);
            await harness.Router.RouteAsync(RouterHarness.Delivery(junk, "TH-ONCB"), cancellationToken);
            await harness.Router.RouteAsync(RouterHarness.Delivery(genuine, "TH-ONCB", tag: 2), cancellationToken);
            await harness.Router.RouteAsync(RouterHarness.Delivery(laterJunk, "TH-ONCB", tag: 3), cancellationToken);
            await harness.Router.RouteAsync(RouterHarness.Delivery(big, "TH-ONCB", tag: 4), cancellationToken);
            var sequencer = await log.Sequencer;
            await sequencer.PublishTreeHeadAsync(cancellationToken);

            var verification = await new AuditVerifier(new CompositeTreeHeadVerifier([world.HubKey.PublicKey]), "broker-audit").VerifyAsync(log.Store, [], cancellationToken: cancellationToken);
            var replay = await new AuditReplayer(world.Anchor.PublicKey).ReplayAsync(log.Store, cancellationToken: cancellationToken);
            var query = new Broker.Audit.Query.AuditQueryService(log.Store);
            var ambiguous = await query.GetArchivedEnvelopeAsync(id.ToString(), cancellationToken: cancellationToken);
            var routed = await query.GetArchivedEnvelopeAsync(id.ToString(), System.Security.Cryptography.SHA256.HashData(genuine), cancellationToken);
            var bigId = Broker.Protocol.Envelopes.Envelope.TryReadHeader(big, out var bigHeader, out _) ? bigHeader.Id.ToString() : "";
            using (Assert.EnterMultipleScope())
            {
                Assert.That(harness.Publisher.To("hub.delivery", "RU-MVD", "broker.envelope.v1"), Has.Count.EqualTo(1));
                Assert.That(verification.Findings, Is.Empty);
                Assert.That(replay.Findings, Is.Empty);
                Assert.That(routed.Bytes, Is.EqualTo(genuine));
                Assert.That(ambiguous.Ambiguous, Is.True);
                Assert.That(ambiguous.Hashes, Has.Count.EqualTo(3));
                Assert.That(big, Has.Length.GreaterThan(Broker.Audit.Storage.ArchiveLimits.MaxRefusedEnvelopeBytes));
                Assert.That(await log.Store.FindEnvelopeHashesAsync(bigId, cancellationToken), Is.Empty, "a refused body over the cap is not archived");
            }
        }
        finally
        {
            await log.DisposeAsync();
            harness.Dispose();
        }
    }

    private static async Task ExecuteSqliteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records each append's kinds and how many messages had been published when it was made.</summary>
    private sealed class PublishCountingTrail(Func<int> published) : IAuditTrail
    {
        public List<(AuditEntryKind[] Kinds, int PublishedBefore)> Appends { get; } = [];

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default)
        {
            lock (Appends)
            {
                Appends.Add((records.Select(r => r.Kind).ToArray(), published()));
            }

            return Task.CompletedTask;
        }
    }
}
