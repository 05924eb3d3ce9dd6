using System.Security.Cryptography;
using Broker.Audit.Replay;
using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Audit.Verification;
using Broker.Cli.Audit;
using Broker.IntegrationTests.Hub;
using Broker.Policy.Evaluation;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Transparency;
using Broker.Protocol.Vocabulary;
using Broker.Testing.Policies;
using Broker.Testing.RabbitMq;
using Microsoft.Data.Sqlite;

namespace Broker.IntegrationTests.Audit;

/// <summary>
/// Alerts through RabbitMQ and the hub with signed policies and the audit log on; then the whole log verifies and replays with no
/// finding, and each kind of tampering (an edited entry, a deleted entry, an altered archived envelope, a decision the policy did
/// not allow) is found and named.
/// </summary>
[TestFixture]
public sealed class AuditEndToEndTests : CoreTestBase
{
    private static readonly (string From, string[] To)[] Alerts =
    [
        ("TH-ONCB", ["RU-MVD", "MY-PDRM"]), ("TH-ONCB", ["SG-CNB"]), ("RU-MVD", ["TH-ONCB", "MY-PDRM"]),
        ("MY-PDRM", ["SG-CNB", "ID-BNN"]), ("SG-CNB", ["TH-ONCB"]), ("VN-C04", ["ID-BNN", "TH-ONCB"]),
    ];

    [Test, CancelAfter(90_000)]
    public async Task AlertsThroughTheHub_LogReplaysClean_ThenEachTamperingIsNamed(CancellationToken cancellationToken)
    {
        var senders = Alerts.Select(a => a.From).Distinct().ToList();
        var queues = new Dictionary<string, MessageCollector>();
        foreach (var sender in senders)
        {
            queues[sender] = await CollectDeliveriesAsync(sender, cancellationToken);
        }

        var hub = await StartHubAsync("audit", cancellationToken, policies: WritePolicies("th-to-ru-sg", OpenPolicies.Only("TH", "RU", "SG")));
        var ids = new List<EnvelopeId>();
        foreach (var (from, to) in Alerts)
        {
            var id = EnvelopeId.New();
            ids.Add(id);
            await PublishAsync(await AgencyChannelAsync(from, cancellationToken), from, World.Seal(from, to, id), messageId: id.ToString(), cancellationToken: cancellationToken);
        }

        for (var i = 0; i < Alerts.Length; i++)
        {
            await HubPolicyTests.ReceiptForAsync(queues[Alerts[i].From], ids[i], cancellationToken);
        }

        await hub.DisposeAsync(); // signs a final tree head over everything
        SqliteConnection.ClearAllPools();
        var log = HubHost.AuditPath(WorkDirectory, "audit");

        var (verification, replay) = await CheckAsync(log, cancellationToken);
        var report = Path.Combine(TestContext.CurrentContext.WorkDirectory, "audit-e2e-report.html");
        AuditHtmlReport.Write(report, "End-to-end audit replay", [("entries", verification.EntryCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("decisions replayed", replay.DecisionsReplayed.ToString(System.Globalization.CultureInfo.InvariantCulture))], replay.Statistics, [.. verification.Findings, .. replay.Findings], TimeProvider.System.GetUtcNow());
        await TestContext.Out.WriteLineAsync($"Audit replay report: {report}");
        TestContext.AddTestAttachment(report, "audit replay report (HTML)");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verification.Findings, Is.Empty);
            Assert.That(replay.Findings, Is.Empty);
            Assert.That(replay.EnvelopesReverified, Is.EqualTo(Alerts.Length));
            Assert.That(replay.DecisionsReplayed, Is.EqualTo(Alerts.Sum(a => a.To.Length)));
        }

        var (decision, envelope) = await FirstDecisionAndEnvelopeAsync(log, cancellationToken);
        var edited = await TamperedCopyAsync(log, "edit", $"UPDATE audit_entries SET entry = CAST(substr(entry, 1, 20) || X'00' || substr(entry, 22) AS BLOB) WHERE idx = {decision}", cancellationToken);
        var deleted = await TamperedCopyAsync(log, "delete", $"DELETE FROM audit_entries WHERE idx = {decision}", cancellationToken);
        var altered = await TamperedCopyAsync(log, "envelope", $"UPDATE audit_archive SET bytes = CAST(X'00' || substr(bytes, 2) AS BLOB) WHERE envelope_id = '{envelope}'", cancellationToken);
        var forbidden = await TamperedCopyAsync(log, "decision", null, cancellationToken);
        await AppendForbiddenDecisionAsync(forbidden, ids[0], cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CodesAsync(edited, cancellationToken), Does.Contain(FindingCode.EntryAltered));
            Assert.That(await CodesAsync(deleted, cancellationToken), Does.Contain(FindingCode.EntryMissing));
            Assert.That(await CodesAsync(altered, cancellationToken), Does.Contain(FindingCode.ArchivedEnvelopeAltered));
            // Correctly appended and signed, so the tree checks pass; only replay sees the policy never allowed it.
            var (forbiddenVerification, forbiddenReplay) = await CheckAsync(forbidden, cancellationToken);
            Assert.That(forbiddenVerification.Findings, Is.Empty);
            Assert.That(forbiddenReplay.Findings.Select(f => f.Code), Is.EqualTo(new[] { FindingCode.DecisionDiffers }));
        }
    }

    private static async Task<(AuditVerification Verification, AuditReplay Replay)> CheckAsync(string path, CancellationToken cancellationToken)
    {
        await using var store = new SqliteAuditStore(path);
        await store.InitializeAsync(cancellationToken);
        var verification = await new AuditVerifier(new CompositeTreeHeadVerifier([World.HubKey.PublicKey]), "broker-audit").VerifyAsync(store, [], cancellationToken: cancellationToken);
        var replay = await new AuditReplayer(World.Anchor.PublicKey).ReplayAsync(store, cancellationToken: cancellationToken);
        return (verification, replay);
    }

    private static async Task<List<FindingCode>> CodesAsync(string path, CancellationToken cancellationToken)
    {
        var (verification, replay) = await CheckAsync(path, cancellationToken);
        return [.. verification.Findings.Concat(replay.Findings).Select(f => f.Code)];
    }

    private static async Task<(long DecisionIndex, string EnvelopeId)> FirstDecisionAndEnvelopeAsync(string path, CancellationToken cancellationToken)
    {
        await using var store = new SqliteAuditStore(path);
        await store.InitializeAsync(cancellationToken);
        long? decision = null;
        string? envelope = null;
        await foreach (var stored in store.ReadEntriesAsync(0, long.MaxValue, cancellationToken))
        {
            AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _);
            decision ??= entry?.Record is DecisionRecorded ? stored.Index : null;
            envelope ??= (entry?.Record as EnvelopeReceived)?.EnvelopeId;
        }

        return (decision!.Value, envelope!);
    }

    private async Task<string> TamperedCopyAsync(string log, string name, string? sql, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(WorkDirectory, $"audit-{name}.db");
        File.Copy(log, copy);
        if (sql is not null)
        {
            await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.That(await command.ExecuteNonQueryAsync(cancellationToken), Is.EqualTo(1), $"tampering '{name}' changed one row");
        }

        return copy;
    }

    /// <summary>Appends, with the hub's own log key, an Allow to Malaysia that Thailand's policy never gave, and a delivery for it.</summary>
    private static async Task AppendForbiddenDecisionAsync(string path, EnvelopeId id, CancellationToken cancellationToken)
    {
        await using var store = new SqliteAuditStore(path);
        await store.InitializeAsync(cancellationToken);
        await using var sequencer = await AuditSequencer.StartAsync(store, new CompositeTreeHeadSigner(World.HubKey), TimeProvider.System, new AuditSequencerOptions { PublishInterval = TimeSpan.Zero }, cancellationToken);
        var malaysia = AgencyId.Parse("MY-PDRM");
        await sequencer.AppendAsync(new DecisionRecorded
        {
            EnvelopeId = id.ToString(),
            Origin = AgencyId.Parse("TH-ONCB"),
            Recipient = malaysia,
            Category = Category.DrugTrafficking,
            Outcome = RecordedOutcome.Allow,
            Reason = nameof(DenyReason.None),
            Rule = "TH/1/outbound/out-net + MY/1/inbound/in-net",
            OriginPolicyVersion = 1,
            DestinationPolicyVersion = 1,
            ViewIndex = 0,
            DecidedAt = TimeProvider.System.GetUtcNow(),
        }, cancellationToken: cancellationToken);
        await sequencer.AppendAsync(new DeliveryRecorded { EnvelopeId = id.ToString(), Recipient = malaysia, DeliveredHash = SHA256.HashData(id.Bytes.ToArray()) }, cancellationToken: cancellationToken);
        await sequencer.PublishTreeHeadAsync(cancellationToken);
    }
}
