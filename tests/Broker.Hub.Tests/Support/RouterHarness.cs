using Broker.Hosting.Rabbit;
using Broker.Hub.Audit;
using Broker.Hub.Decisions;
using Broker.Hub.Ingress;
using Broker.Hub.Options;
using Broker.Hub.Replay;
using Broker.Hub.Routing;
using Broker.Hub.Telemetry;
using Broker.Hub.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Hub.Tests.Support;

/// <summary>An <see cref="IngressRouter"/> over fakes: recording publisher and decisions, a temporary SQLite replay cache, a fake clock.</summary>
internal sealed class RouterHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _directory = Directory.CreateTempSubdirectory("core-tests-").FullName;
    private readonly IRoutingPolicy? _policy;
    private readonly Func<RouterHarness, IAuditTrail>? _audit;
    private readonly BatchingReceiptSigner _signer = new(new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey));

    public RouterHarness(string[]? allow = null, int maxEnvelopeBytes = 1024 * 1024, string instance = "test-1", string? replayPath = null, IRoutingPolicy? policy = null, Func<RouterHarness, IAuditTrail>? audit = null)
    {
        _policy = policy;
        _audit = audit;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Replay = new SqliteReplayCache(replayPath ?? Path.Combine(_directory, "replay.db"));
        Router = Create(instance, allow ?? ["TH-ONCB<->RU-MVD", "TH-ONCB->MY-PDRM"], maxEnvelopeBytes);
    }

    public FakeTimeProvider Time { get; } = new(HubWorld.Now.AddMinutes(1));
    public FakePublisher Publisher { get; } = new();
    public InMemoryDecisions Decisions { get; } = new();

    /// <summary>A folder removed with the harness (audit stores and the like).</summary>
    public string WorkDirectory => _directory;
    public SqliteReplayCache Replay { get; }
    public IngressRouter Router { get; }

    public IngressRouter Create(string instance, string[] allow, int maxEnvelopeBytes) => new(
        Microsoft.Extensions.Options.Options.Create(new RoutingOptions { InstanceId = instance, MaxEnvelopeBytes = maxEnvelopeBytes }),
        new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey),
        _signer,
        _policy ?? new AllowListPolicy(allow),
        Replay,
        Decisions,
        Publisher,
        Time,
        new HubMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        NullLogger<IngressRouter>.Instance,
        _audit?.Invoke(this) ?? NoAuditTrail.Instance);

    public static InboundDelivery Delivery(ReadOnlyMemory<byte> body, string? userId, bool redelivered = false, ulong tag = 1) => new()
    {
        DeliveryTag = tag,
        Redelivered = redelivered,
        Exchange = "hub.ingress",
        RoutingKey = "from." + (userId ?? "nobody"),
        Body = body,
        UserId = userId,
        Type = "broker.envelope.v1",
        ContentType = "application/vnd.broker.envelope+cbor",
    };

    public void Dispose()
    {
        Replay.Dispose();
        _signer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

internal sealed class InMemoryDecisions : IDecisionRecorder
{
    public System.Collections.Concurrent.ConcurrentQueue<RoutingDecision> All { get; } = new();

    public ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default)
    {
        All.Enqueue(decision);
        return ValueTask.CompletedTask;
    }
}
