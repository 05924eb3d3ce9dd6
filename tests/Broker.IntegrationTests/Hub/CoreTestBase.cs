using Broker.Testing.Policies;
using Broker.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Broker.IntegrationTests.Hub;

/// <summary>
/// Per test: a private copy of the hub vhost (same queues, users and permissions as the real one), the trust files, the open
/// test policy narrowed to <see cref="Pairs"/>, and a working directory for the envelope claims and the audit logs. Agencies
/// connect with their certificates (mTLS + EXTERNAL).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public abstract class CoreTestBase
{
    /// <summary>Who may send to whom under the default policies: TH-ONCB and RU-MVD both ways, TH-ONCB to MY-PDRM.</summary>
    protected static readonly string[] Pairs = ["TH-ONCB<->RU-MVD", "TH-ONCB->MY-PDRM"];
    private readonly List<IAsyncDisposable> _owned = [];

    protected TopologySandbox Sandbox { get; private set; } = null!;
    protected string WorkDirectory { get; private set; } = "";

    /// <summary>The signed policies every hub of the test loads unless it is given another folder.</summary>
    protected string PolicyFolder { get; private set; } = "";
    protected static TestNetwork World => CoreWorld.Shared;
    protected static TimeSpan Timeout => RabbitMqEnvironment.Current.Timeout * 2;

    [SetUp]
    public async Task CreateSandboxAsync()
    {
        Sandbox = await TopologySandbox.CreateAsync([]);
        WorkDirectory = Directory.CreateTempSubdirectory("core-it-").FullName;
        World.WriteFiles(WorkDirectory);
        PolicyFolder = WritePolicies("policies", OpenPolicies.Pairs(Pairs));
    }

    /// <summary>Writes the open test policy (narrowed by <paramref name="sendsTo"/>) for every country into a new folder of the work directory.</summary>
    protected string WritePolicies(string name, Func<string, IEnumerable<string>?>? sendsTo = null) =>
        OpenPolicies.WriteFolder(Path.Combine(WorkDirectory, name), CoreWorld.Countries, sendsTo);

    [TearDown]
    public async Task DeleteSandboxAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
        await Sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(WorkDirectory, recursive: true);
    }

    protected async Task<HubHost> StartHubAsync(string instance, CancellationToken cancellationToken, int maxEnvelopeBytes = 1024 * 1024,
        IDictionary<string, string?>? extra = null, bool web = false, string? policies = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var hub = await HubHost.StartAsync(Sandbox.Hub, WorkDirectory, instance, policies ?? PolicyFolder, cancellationToken, maxEnvelopeBytes, extra, web, logs);
        _owned.Add(hub);
        return hub;
    }

    /// <summary>A confirm-tracking channel of <paramref name="agency"/> over mutual TLS.</summary>
    protected async Task<IChannel> AgencyChannelAsync(string agency, CancellationToken cancellationToken)
    {
        var connection = await RabbitMqConnections.ForCertificate(agency, Sandbox.Hub).CreateConnectionAsync(cancellationToken);
        _owned.Add(connection);
        return await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken);
    }

    /// <summary>Publishes to hub.ingress as a gateway does; <paramref name="userId"/> defaults to the agency itself (null = none).</summary>
    protected static async Task PublishAsync(IChannel channel, string agency, ReadOnlyMemory<byte> body, string? userId = "", string? messageId = null, CancellationToken cancellationToken = default)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/vnd.broker.envelope+cbor",
            Type = "broker.envelope.v1",
            MessageId = messageId,
            UserId = userId == "" ? agency : userId,
            DeliveryMode = DeliveryModes.Persistent,
        };
        await channel.BasicPublishAsync("hub.ingress", "from." + agency, mandatory: true, properties, body, cancellationToken);
    }

    /// <summary>Collects <c>deliver.AGENCY</c> as that agency (its only readable queue).</summary>
    protected async Task<MessageCollector> CollectDeliveriesAsync(string agency, CancellationToken cancellationToken)
    {
        var channel = await AgencyChannelAsync(agency, cancellationToken);
        return await MessageCollector.StartAsync(channel, "deliver." + agency, cancellationToken: cancellationToken);
    }

    /// <summary>Collects hub.dead-letters as admin.</summary>
    protected async Task<MessageCollector> CollectDeadLettersAsync(CancellationToken cancellationToken)
    {
        var connection = await RabbitMqConnections.ForPassword("admin", Sandbox.Hub).CreateConnectionAsync(cancellationToken);
        _owned.Add(connection);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return await MessageCollector.StartAsync(channel, "hub.dead-letters", cancellationToken: cancellationToken);
    }
}
