using Broker.Bench.World;
using RabbitMQ.Client;

namespace Broker.Bench.E2e;

/// <summary>Connections as the contract's users (protocols/amqp.md) and the purge of every queue the run reads.</summary>
internal static class E2eQueues
{
    /// <summary>A password user of the contract (PLAIN on the AMQP port).</summary>
    public static Task<IConnection> ConnectAsync(NodeSettings settings, string user, string vhost, CancellationToken cancellationToken) =>
        NodeSettings.ConnectAsync(settings.User(user, vhost, "bench-e2e-" + user), cancellationToken);

    /// <summary>Empties what an earlier run may have left: the agencies' queues, their delivery queues and the hub's ingress.</summary>
    public static async Task PurgeAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        foreach (var agency in BenchRoute.Agencies)
        {
            await PurgeAsync(await ConnectAsync(settings, agency + ".system", "agency." + agency, cancellationToken), "agency.inbox", cancellationToken);
            await PurgeAsync(await ConnectAsync(settings, agency + ".gateway", "agency." + agency, cancellationToken), "gateway.outbound", cancellationToken);
            await PurgeAsync(await NodeSettings.ConnectAsync(settings.Agency(agency), cancellationToken), "deliver." + agency, cancellationToken);
        }

        await PurgeAsync(await NodeSettings.ConnectAsync(settings.HubCore("bench-e2e-purge"), cancellationToken), "hub.ingress", cancellationToken);
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
