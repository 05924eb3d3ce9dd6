using System.Globalization;
using Broker.Hosting.Rabbit;

namespace Broker.Bench.Hub;

/// <summary>
/// Where the node is: <c>.run/rabbitmq.env</c> and <c>.run/secrets.env</c> written by deploy/rabbitmq.sh (found by walking
/// up from the current directory), overridden by <c>BROKER_RMQ_*</c> environment variables. No value is printed.
/// </summary>
internal sealed record BenchSettings(string Host, int AmqpPort, int AmqpsPort, string CertificateDirectory, IReadOnlyDictionary<string, string> Secrets, string VirtualHost)
{
    public static BenchSettings Load(string? runDirectory, string virtualHost)
    {
        var run = runDirectory ?? FindRunDirectory() ?? throw new InvalidOperationException("No .run directory found; start the node with deploy/rabbitmq.sh start or pass --run-dir.");
        var file = ReadKeyValues(Path.Combine(run, "rabbitmq.env"));
        string Setting(string key, string fallback) =>
            Environment.GetEnvironmentVariable(key) is { Length: > 0 } value ? value : file.TryGetValue(key, out var v) ? v : fallback;
        var secrets = ReadKeyValues(Setting("BROKER_RMQ_SECRETS_FILE", Path.Combine(run, "secrets.env")));
        return new BenchSettings(
            Setting("BROKER_RMQ_HOST", "localhost"),
            int.Parse(Setting("BROKER_RMQ_AMQP_PORT", "5672"), CultureInfo.InvariantCulture),
            int.Parse(Setting("BROKER_RMQ_AMQPS_PORT", "5671"), CultureInfo.InvariantCulture),
            Setting("BROKER_RMQ_CERT_DIR", Path.Combine(run, "certs")),
            secrets,
            virtualHost);
    }

    /// <summary>hub-core with its generated password (PLAIN), as the core runs in development.</summary>
    public RabbitConnectionOptions HubCore(string clientName) => new()
    {
        HostName = Host,
        Port = AmqpPort,
        VirtualHost = VirtualHost,
        UserName = "hub-core",
        Password = Secrets.TryGetValue("RMQ_PASSWORD_HUB_CORE", out var p) ? p : throw new InvalidOperationException("hub-core's password is not in secrets.env."),
        ClientName = clientName,
    };

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

    private static string? FindRunDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".run");
            if (File.Exists(Path.Combine(candidate, "rabbitmq.env")))
            {
                return candidate;
            }
        }

        return null;
    }

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
