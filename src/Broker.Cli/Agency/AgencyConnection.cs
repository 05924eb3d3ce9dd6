using System.Globalization;
using Broker.Cli.Policy;
using Broker.Protocol.Vocabulary;
using RabbitMQ.Client;

namespace Broker.Cli.Agency;

/// <summary>
/// Logs in to an agency's premises vhost as its system user (<c>ID.system</c>, protocols/amqp.md §2), the way any agency
/// application would. Port and secrets come from <c>deploy/rabbitmq.sh env</c> (<c>BROKER_RMQ_*</c>), else from
/// <c>BROKER_RMQ_INSTANCE</c> and <c>.run/secrets.env</c>.
/// </summary>
internal sealed record AgencyConnection(AgencyId Agency, string Host, int Port, string Password)
{
    public string VirtualHost => $"agency.{Agency}";

    public string UserName => $"{Agency}.system";

    public static AgencyConnection Resolve(string agency, string? secretsPath)
    {
        if (!AgencyId.TryParse(agency, out var id))
        {
            throw new CliException($"'{agency}' is not an agency id such as TH-ONCB");
        }

        var host = Environment.GetEnvironmentVariable("BROKER_RMQ_HOST") ?? "127.0.0.1";
        var port = int.TryParse(Environment.GetEnvironmentVariable("BROKER_RMQ_AMQP_PORT"), CultureInfo.InvariantCulture, out var p)
            ? p
            : 5672 + (10 * (int.TryParse(Environment.GetEnvironmentVariable("BROKER_RMQ_INSTANCE"), CultureInfo.InvariantCulture, out var i) ? i : 0));
        secretsPath ??= Environment.GetEnvironmentVariable("BROKER_RMQ_SECRETS_FILE") ?? Path.Combine(".run", "secrets.env");
        var user = $"{id}.system";
        return new AgencyConnection(id, host, port, ReadSecret(secretsPath, "RMQ_PASSWORD_" + user.ToUpperInvariant().Replace('-', '_').Replace('.', '_')));
    }

    public Task<IConnection> OpenAsync(string clientName, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = Host,
            Port = Port,
            VirtualHost = VirtualHost,
            UserName = UserName,
            Password = Password,
            ClientProvidedName = clientName,
        };
        return factory.CreateConnectionAsync(cancellationToken);
    }

    public override string ToString() => $"{UserName}@{Host}:{Port}/{VirtualHost}";

    private static string ReadSecret(string path, string name)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: secrets file not found (start the node with deploy/rabbitmq.sh start, or pass --secrets)");
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..].Trim().Trim('"', '\'');
            }
        }

        throw new CliException($"{path} has no {name}");
    }
}
