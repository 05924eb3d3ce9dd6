using System.CommandLine;
using System.Globalization;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client;

namespace Broker.Bench.World;

/// <summary>
/// Where the RabbitMQ node of the hub and end-to-end benchmarks is, and how to sign in to it: <c>.run/rabbitmq.env</c> and <c>.run/secrets.env</c> written by deploy/rabbitmq.sh (found by walking
/// up from the current directory), overridden by <c>BROKER_RMQ_*</c> environment variables. No value is printed.
/// </summary>
internal sealed record NodeSettings(string Host, int AmqpPort, int AmqpsPort, string CertificateDirectory, IReadOnlyDictionary<string, string> Secrets, string VirtualHost)
{
    public static NodeSettings Load(string? runDirectory, string virtualHost)
    {
        var run = runDirectory ?? Path.GetDirectoryName(Upwards.Find(Path.Combine(".run", "rabbitmq.env"))) ?? throw new InvalidOperationException("No .run directory found; start the node with deploy/rabbitmq.sh start or pass --run-dir.");
        var file = ReadKeyValues(Path.Combine(run, "rabbitmq.env"));
        string Setting(string key, string fallback) =>
            Environment.GetEnvironmentVariable(key) is { Length: > 0 } value ? value : file.TryGetValue(key, out var v) ? v : fallback;
        var secrets = ReadKeyValues(Setting("BROKER_RMQ_SECRETS_FILE", Path.Combine(run, "secrets.env")));
        return new NodeSettings(
            Setting("BROKER_RMQ_HOST", "localhost"),
            int.Parse(Setting("BROKER_RMQ_AMQP_PORT", "5672"), CultureInfo.InvariantCulture),
            int.Parse(Setting("BROKER_RMQ_AMQPS_PORT", "5671"), CultureInfo.InvariantCulture),
            Setting("BROKER_RMQ_CERT_DIR", Path.Combine(run, "certs")),
            secrets,
            virtualHost);
    }

    /// <summary><c>--run-dir</c>: where <see cref="Load"/> reads the node's files when not found upwards.</summary>
    public static Option<string?> RunDirectoryOption() => new("--run-dir") { Description = "deploy/rabbitmq.sh's .run directory (default: found upwards from here)." };

    /// <summary>hub-core with its generated password (PLAIN) on the node's hub vhost, as the hub runs in development.</summary>
    public RabbitConnectionOptions HubCore(string clientName) => User("hub-core", VirtualHost, clientName);

    /// <summary>A password user of protocols/amqp.md (PLAIN on the AMQP port) with the password deploy/rabbitmq.sh generated.</summary>
    public RabbitConnectionOptions User(string user, string virtualHost, string clientName) => new()
    {
        HostName = Host,
        Port = AmqpPort,
        VirtualHost = virtualHost,
        UserName = user,
        Password = Password(user),
        ClientName = clientName,
    };

    public string Password(string user)
    {
        var key = "RMQ_PASSWORD_" + new string([.. user.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        return Secrets.TryGetValue(key, out var password) ? password : throw new InvalidOperationException($"{key} is not in secrets.env; start the node with deploy/rabbitmq.sh start.");
    }

    /// <summary>An agency over mutual TLS + EXTERNAL with its generated .p12, as a gateway connects.</summary>
    public RabbitConnectionOptions Agency(string agency) => new()
    {
        HostName = Host,
        Port = AmqpsPort,
        VirtualHost = VirtualHost,
        UseTls = true,
        ClientCertificatePath = Path.Combine(CertificateDirectory, agency + ".p12"),
        ClientCertificatePassphrase = Secrets.GetValueOrDefault("CERT_P12_PASSWORD"),
        CaCertificatePath = Path.Combine(CertificateDirectory, "ca.crt"),
        ClientName = "bench-" + agency,
    };

    public static Task<IConnection> ConnectAsync(RabbitConnectionOptions options, CancellationToken cancellationToken) =>
        RabbitConnectionFactoryBuilder.Build(options).CreateConnectionAsync(cancellationToken);

    private static Dictionary<string, string> ReadKeyValues(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            line = line.StartsWith("export ", StringComparison.Ordinal) ? line["export ".Length..] : line;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !line.StartsWith('#'))
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }

        return values;
    }
}
