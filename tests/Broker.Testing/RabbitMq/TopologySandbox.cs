using System.Security.Cryptography;
using Broker.Hosting.Rabbit;

namespace Broker.Testing.RabbitMq;

/// <summary>
/// Private copies of the node's virtual hosts for one test run: the same exchanges, queues, bindings,
/// permissions and topic permissions as the real <c>hub</c> and <c>agency.ID</c> vhosts, under unique
/// names, so tests can publish, consume and purge without touching what other test runs use.
/// Dispose deletes the copies.
/// </summary>
public sealed class TopologySandbox : IAsyncDisposable
{
    private readonly RabbitMqManagement _management;
    private readonly List<string> _created = [];

    private TopologySandbox(RabbitMqManagement management, string runId)
    {
        _management = management;
        RunId = runId;
    }

    public string RunId { get; }

    public RabbitMqManagement Management => _management;

    /// <summary>The copy of <c>hub</c>.</summary>
    public string Hub => CopyName("hub");

    /// <summary>The copy of <c>agency.ID</c> (created by <see cref="CreateAsync"/> when listed).</summary>
    public string Agency(string agencyId) => CopyName(AgencyNames.VirtualHost(agencyId));

    public static async Task<TopologySandbox> CreateAsync(IEnumerable<string> agencyVirtualHostsFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agencyVirtualHostsFor);
        await RabbitMqEnvironment.Current.EnsureRunningAsync(cancellationToken);
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var sandbox = new TopologySandbox(new RabbitMqManagement(), runId);
        try
        {
            foreach (var source in agencyVirtualHostsFor.Select(AgencyNames.VirtualHost).Prepend("hub"))
            {
                var target = sandbox.CopyName(source);
                sandbox._created.Add(target);
                await sandbox._management.CloneVirtualHostAsync(source, target, cancellationToken);
            }

            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var vhost in _created)
        {
            await _management.DeleteVirtualHostAsync(vhost);
        }

        _management.Dispose();
    }

    /// <summary>True for a vhost created by a sandbox (named <c>test-RUNID.SOURCE</c>).</summary>
    public static bool IsCopy(string virtualHost) => virtualHost.StartsWith(CopyPrefix, StringComparison.Ordinal);

    private const string CopyPrefix = "test-";

    private string CopyName(string source) => $"{CopyPrefix}{RunId}.{source}";
}
