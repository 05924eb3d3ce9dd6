using Broker.Bench.Hub;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;

namespace Broker.Bench.E2e;

/// <summary>Connections as the contract's users (protocols/amqp.md) and the purge of every queue the run reads.</summary>
internal static class E2eQueues
{
    public static string Password(BenchSettings settings, string user)
    {
        var key = "RMQ_PASSWORD_" + new string([.. user.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        return settings.Secrets.TryGetValue(key, out var password) ? password : throw new InvalidOperationException($"{key} is not in secrets.env; start the node with deploy/rabbitmq.sh start.");
    }

    /// <summary>A password user (PLAIN on the AMQP port).</summary>
    public static Task<IConnection> ConnectAsync(BenchSettings settings, string user, string vhost, CancellationToken cancellationToken) =>
        RabbitConnectionFactoryBuilder.Build(new RabbitConnectionOptions
        {
            HostName = settings.Host,
            Port = settings.AmqpPort,
            VirtualHost = vhost,
            UserName = user,
            Password = Password(settings, user),
            ClientName = "bench-e2e-" + user,
        }).CreateConnectionAsync(cancellationToken);

    /// <summary>Empties what an earlier run may have left: the agencies' queues, their delivery queues and the hub's ingress.</summary>
    public static async Task PurgeAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        foreach (var agency in E2eWorld.Agencies)
        {
            await PurgeAsync(await ConnectAsync(settings, agency + ".system", "agency." + agency, cancellationToken), "agency.inbox", cancellationToken);
            await PurgeAsync(await ConnectAsync(settings, agency + ".gateway", "agency." + agency, cancellationToken), "gateway.outbound", cancellationToken);
            await PurgeAsync(await RabbitConnectionFactoryBuilder.Build(settings.Agency(agency)).CreateConnectionAsync(cancellationToken), "deliver." + agency, cancellationToken);
        }

        await PurgeAsync(await RabbitConnectionFactoryBuilder.Build(settings.HubCore("bench-e2e-purge")).CreateConnectionAsync(cancellationToken), "hub.ingress", cancellationToken);
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
