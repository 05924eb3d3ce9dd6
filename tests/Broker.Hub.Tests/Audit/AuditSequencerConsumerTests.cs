using Broker.Hub.Audit;
using Broker.Hub.Tests.Support;
using Broker.Hub.Trust;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Hub.Tests.Audit;

/// <summary><c>Audit:Mode = Bus</c>: the records of every hub instance reach the single sequencer over the hub-internal bus.</summary>
public sealed class AuditSequencerConsumerTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("audit-bus-").FullName;

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(ServiceProvider Provider, ITestHarness Harness, AuditLog Log)> StartAsync(CancellationToken cancellationToken)
    {
        var log = new AuditLog(Microsoft.Extensions.Options.Options.Create(new AuditOptions { Mode = AuditMode.Bus, SqlitePath = Path.Combine(_directory, "audit.db"), TreeHeadIntervalSeconds = 0 }),
            new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey), new FakeTimeProvider(HubWorld.Now), NullLogger<AuditLog>.Instance);
        await log.StartSequencerAsync(cancellationToken);
        var provider = new ServiceCollection()
            .AddSingleton(log)
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<AuditSequencerConsumer>(typeof(AuditSequencerConsumerDefinition));
                // The consumer retries five times with backoff (about six seconds) before a submission faults.
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(20));
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return (provider, harness, log);
    }

    [Test, CancelAfter(30_000)]
    public async Task BusAuditTrail_AppendAsync_SequencerAppendsTheRecordsInOrderAndArchivesTheEnvelope(CancellationToken cancellationToken)
    {
        var (provider, harness, log) = await StartAsync(cancellationToken);
        await using var stopLogLast = log;
        await using var stopBusFirst = provider;
        var body = HubWorld.Shared.Seal("TH-ONCB", ["RU-MVD"]);
        var header = Envelope.TryReadHeader(body, out var parsed, out _) ? parsed : throw new AssertionException("no header");
        var id = header.Id.ToString();

        await new BusAuditTrail(harness.Bus).AppendAsync(
            [new EnvelopeReceived { EnvelopeId = id, Sender = header.Sender, Category = header.Category, EnvelopeHash = System.Security.Cryptography.SHA256.HashData(body), EnvelopeSize = body.Length, SignedHeader = [] },
             new EnvelopeVerified { EnvelopeId = id, Accepted = true, Reason = "None", RegistryVersion = 7, VerifiedAt = HubWorld.Now }], body, cancellationToken);

        var sequencer = await log.Sequencer;
        await Eventually.WaitForAsync(() => sequencer.Size == 2, TimeSpan.FromSeconds(20), "the sequencer to append both records", cancellationToken);
        var kinds = new List<AuditEntryKind>();
        await foreach (var stored in log.Store.ReadEntriesAsync(0, long.MaxValue, cancellationToken))
        {
            kinds.Add(AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _) ? entry.Record.Kind : default);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kinds, Is.EqualTo(new[] { AuditEntryKind.EnvelopeReceived, AuditEntryKind.EnvelopeVerified }));
            Assert.That(await log.Store.GetEnvelopeAsync(id, System.Security.Cryptography.SHA256.HashData(body), cancellationToken), Is.EqualTo(body));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Consume_RecordThatDoesNotDecode_FaultsAfterRetriesAndAppendsNothing(CancellationToken cancellationToken)
    {
        var (provider, harness, log) = await StartAsync(cancellationToken);
        await using var stopLogLast = log;
        await using var stopBusFirst = provider;

        await harness.Bus.Publish(new AuditRecordsSubmitted([[0xFF, 0x00]], null), cancellationToken);

        Assert.That(await harness.Published.Any<Fault<AuditRecordsSubmitted>>(cancellationToken), Is.True);
        Assert.That((await log.Sequencer).Size, Is.Zero);
    }
}
