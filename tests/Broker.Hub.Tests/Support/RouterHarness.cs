using Broker.Hosting.Rabbit;
using Broker.Hub.Audit;
using Broker.Hub.Claims;
using Broker.Hub.Ingress;
using Broker.Hub.Options;
using Broker.Hub.Routing;
using Broker.Hub.Telemetry;
using Broker.Hub.Trust;
using Broker.Testing.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Hub.Tests.Support;

/// <summary>
/// The hub's ingress pipeline as the host wires it (<see cref="IngressServices.AddIngressPipeline"/>) over fakes: a recording
/// publisher, a temporary SQLite envelope-claims file, a fake clock, the open test policy narrowed to <see cref="DefaultPairs"/>
/// and an in-memory audit trail (<see cref="Audit"/>) unless a test brings its own.
/// </summary>
internal sealed class RouterHarness : IDisposable
{
    /// <summary>TH-ONCB and RU-MVD send to each other, TH-ONCB to MY-PDRM; SG-CNB receives from nobody.</summary>
    public static readonly string[] DefaultPairs = ["TH-ONCB<->RU-MVD", "TH-ONCB->MY-PDRM"];

    private readonly ServiceProvider _services;
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-tests-").FullName;
    private readonly BatchingReceiptSigner _signer = new(new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey));

    public RouterHarness(int maxEnvelopeBytes = 1024 * 1024, IRoutingPolicy? policy = null, Func<RouterHarness, IAuditTrail>? audit = null)
    {
        Claims = new SqliteEnvelopeClaims(Path.Combine(_directory, "claims.db"));
        var policies = OpenPolicies.Set(HubWorld.Countries, OpenPolicies.Pairs(DefaultPairs));
        _services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton<HubMetrics>()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoutingOptions { InstanceId = "test-1", MaxEnvelopeBytes = maxEnvelopeBytes }))
            .AddSingleton<ITrustRegistrySource>(new StaticTrust(HubWorld.Shared.Registry, HubWorld.Shared.HubKey))
            .AddSingleton<IReceiptSigner>(_signer)
            .AddSingleton<IRoutingPolicy>(policy ?? new SignedPolicyRouting(() => policies))
            .AddSingleton<IEnvelopeClaims>(Claims)
            .AddSingleton<IAuditTrail>(audit?.Invoke(this) ?? Audit)
            .AddKeyedSingleton<IConfirmedPublisher>(HubServiceNames.HubConnection, Publisher)
            .AddIngressPipeline()
            .BuildServiceProvider();
        Router = _services.GetRequiredService<IngressRouter>();
    }

    public FakeTimeProvider Time { get; } = new(HubWorld.Now.AddMinutes(1));
    public FakePublisher Publisher { get; } = new();

    /// <summary>The audit records of this harness (when the test brought no trail of its own): the one record of every decision.</summary>
    public MemoryAuditTrail Audit { get; } = new();

    /// <summary>A folder removed with the harness (audit stores and the like).</summary>
    public string WorkDirectory => _directory;
    public SqliteEnvelopeClaims Claims { get; }
    public IngressRouter Router { get; }

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
        _services.Dispose();
        Claims.Dispose();
        _signer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
