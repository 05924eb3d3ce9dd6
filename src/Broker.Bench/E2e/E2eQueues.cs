using Broker.Bench.World;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;

namespace Broker.Bench.E2e;

/// <summary>Connections as the contract's users (protocols/amqp.md) and the purge of every queue the run reads.</summary>
internal static class E2eQueues
{
    /// <summary>The agency system's user on its own vhost (<see cref="AgencyNames.SystemUser"/>), PLAIN on the AMQP port.</summary>
    public static Task<IConnection> SystemAsync(NodeSettings settings, string agency, CancellationToken cancellationToken) =>
        ConnectAsync(settings, AgencyNames.SystemUser(agency), AgencyNames.VirtualHost(agency), cancellationToken);

    /// <summary>The gateway's user on the agency's vhost (<see cref="AgencyNames.GatewayUser"/>), PLAIN on the AMQP port.</summary>
    public static Task<IConnection> GatewayAsync(NodeSettings settings, string agency, CancellationToken cancellationToken) =>
        ConnectAsync(settings, AgencyNames.GatewayUser(agency), AgencyNames.VirtualHost(agency), cancellationToken);

    /// <summary>A password user of the contract (PLAIN on the AMQP port).</summary>
    public static Task<IConnection> ConnectAsync(NodeSettings settings, string user, string vhost, CancellationToken cancellationToken) =>
        NodeSettings.ConnectAsync(settings.User(user, vhost, "bench-e2e-" + user), cancellationToken);

    /// <summary>Empties what an earlier run may have left: the agencies' queues, their delivery queues and the hub's ingress.</summary>
    public static async Task PurgeAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        foreach (var agency in BenchRoute.Agencies)
        {
            await PurgeAsync(await SystemAsync(settings, agency, cancellationToken), AgencyNames.InboxQueue, cancellationToken);
            await PurgeAsync(await GatewayAsync(settings, agency, cancellationToken), AgencyNames.OutboundQueue, cancellationToken);
            await PurgeAsync(await NodeSettings.ConnectAsync(settings.Agency(agency), cancellationToken), "deliver." + agency, cancellationToken);
            await PurgeAsync(await NodeSettings.ConnectAsync(settings.HubCore("bench-e2e-purge"), cancellationToken), "hub.ingress." + agency, cancellationToken);
        }
    }

    private static async Task PurgeAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using (connection)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueuePurgeAsync(queue, cancellationToken);
        }
    }
}
