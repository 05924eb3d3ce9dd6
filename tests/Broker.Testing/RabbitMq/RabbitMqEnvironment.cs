using System.Globalization;
using System.Net.Sockets;

namespace Broker.Testing.RabbitMq;

/// <summary>
/// Where the private RabbitMQ node of deploy/rabbitmq.sh listens and where its generated files are:
/// read from <c>.run/rabbitmq.env</c> (written at start), overridden by <c>BROKER_RMQ_*</c> environment
/// variables, with the script's defaults otherwise. Passwords come from <c>.run/secrets.env</c>.
/// </summary>
public sealed record RabbitMqEnvironment
{
    public const string StartHint = "start it with deploy/rabbitmq.sh start";

    private Dictionary<string, string>? _secrets;

    public required string Host { get; init; }
    public required int AmqpPort { get; init; }
    public required int AmqpsPort { get; init; }
    public required int ManagementPort { get; init; }
    public required int StreamPort { get; init; }
    public required string CertificateDirectory { get; init; }
    public required string SecretsFile { get; init; }

    /// <summary>True on CI (CI=true): every timeout is longer there.</summary>
    public bool IsCi { get; init; }

    /// <summary>How long a test waits for the broker to do something it should do quickly.</summary>
    public TimeSpan Timeout => IsCi ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(10);

    public string CaCertificatePath => Path.Combine(CertificateDirectory, "ca.crt");

    public static RabbitMqEnvironment Current { get; } = Load(RepositoryRoot.Path);

    public static RabbitMqEnvironment Load(string repositoryRoot)
    {
        var run = Path.Combine(repositoryRoot, ".run");
        var file = ReadKeyValues(Path.Combine(run, "rabbitmq.env"));
        string Setting(string key, string fallback) =>
            Environment.GetEnvironmentVariable(key) is { Length: > 0 } value ? value
            : file.TryGetValue(key, out var fromFile) ? fromFile : fallback;
        int Port(string key, int fallback) => int.Parse(Setting(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new RabbitMqEnvironment
        {
            Host = Setting("BROKER_RMQ_HOST", "localhost"),
            AmqpPort = Port("BROKER_RMQ_AMQP_PORT", 5672),
            AmqpsPort = Port("BROKER_RMQ_AMQPS_PORT", 5671),
            ManagementPort = Port("BROKER_RMQ_MANAGEMENT_PORT", 15672),
            StreamPort = Port("BROKER_RMQ_STREAM_PORT", 5552),
            CertificateDirectory = Setting("BROKER_RMQ_CERT_DIR", Path.Combine(run, "certs")),
            SecretsFile = Setting("BROKER_RMQ_SECRETS_FILE", Path.Combine(run, "secrets.env")),
            IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>
    /// A node started with <c>BROKER_RUN_DIR=<paramref name="runDirectory"/></c> and <c>BROKER_RMQ_INSTANCE=<paramref name="instance"/></c>:
    /// ports from the instance, files from that run directory, no <c>BROKER_RMQ_*</c> overrides (those describe the shared node).
    /// </summary>
    public static RabbitMqEnvironment ForInstance(int instance, string runDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(instance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(instance, 9);
        var offset = instance * 10;
        return new RabbitMqEnvironment
        {
            Host = "localhost",
            AmqpPort = 5672 + offset,
            AmqpsPort = 5671 + offset,
            ManagementPort = 15672 + offset,
            StreamPort = 5552 + offset,
            CertificateDirectory = Path.Combine(runDirectory, "certs"),
            SecretsFile = Path.Combine(runDirectory, "secrets.env"),
            IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>The generated password of a password user (hub-core, auditor, admin, ID.system, ID.gateway).</summary>
    public string PasswordFor(string user) => Secret(SecretKey(user));

    /// <summary>The password of every generated .p12 file.</summary>
    public string P12Password => Secret("CERT_P12_PASSWORD");

    /// <summary>The secrets.env key of a user's password: RMQ_PASSWORD_ + the name in capitals with - and . as _.</summary>
    public static string SecretKey(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var chars = user.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return "RMQ_PASSWORD_" + new string(chars);
    }

    public string ClientCertificatePath(string user, string extension) => Path.Combine(CertificateDirectory, $"{user}.{extension}");

    /// <summary>Fails the test with a clear message when the node does not answer on its AMQP and management ports.</summary>
    public async Task EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        foreach (var port in new[] { AmqpPort, AmqpsPort, ManagementPort })
        {
            if (!await AcceptsAsync(port, cancellationToken))
            {
                Assert.Fail($"RabbitMQ is not running: nothing listens on 127.0.0.1:{port}; {StartHint}.");
            }
        }

        if (!File.Exists(SecretsFile) || !File.Exists(CaCertificatePath))
        {
            Assert.Fail($"RabbitMQ's generated files are missing ({SecretsFile}, {CaCertificatePath}); {StartHint}.");
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private string Secret(string key)
    {
        _secrets ??= ReadKeyValues(SecretsFile);
        return _secrets.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"{key} is not in {SecretsFile}; {StartHint}.");
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
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..];
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !line.StartsWith('#'))
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }

        return values;
    }
}
