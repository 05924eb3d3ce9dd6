using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Broker.Cli.Policy;
using Broker.Hosting.Rabbit;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace Broker.Cli.Agency;

/// <summary>
/// Logs in to an agency's premises vhost as its system user (<c>ID.system</c>, protocols/amqp.md §2), the way any agency
/// application would, over a connection built like every broker connection (<see cref="RabbitConnectionFactoryBuilder"/>:
/// automatic recovery, TLS when asked). Defaults come from <c>deploy/rabbitmq.sh env</c> (<c>BROKER_RMQ_HOST</c>,
/// <c>BROKER_RMQ_AMQP_PORT</c>, else <c>BROKER_RMQ_INSTANCE</c>) and the password from the secrets file
/// (<c>BROKER_RMQ_SECRETS_FILE</c>, else <c>.run/secrets.env</c>). Every <see cref="RabbitConnectionOptions"/> setting can be
/// given as <c>BROKER_AGENCY_AMQP__&lt;Setting&gt;</c> and wins (e.g. <c>BROKER_AGENCY_AMQP__UseTls=true</c> with
/// <c>BROKER_AGENCY_AMQP__CaCertificatePath</c>; with TLS on and no port given, <c>BROKER_RMQ_AMQPS_PORT</c> is used).
/// </summary>
internal sealed class AgencyConnection
{
    /// <summary>Environment variables <c>BROKER_AGENCY_AMQP__X</c> bind to <see cref="RabbitConnectionOptions"/>.X.</summary>
    public const string Section = "BROKER_AGENCY_AMQP";

    private AgencyConnection(AgencyId agency, RabbitConnectionOptions options)
    {
        Agency = agency;
        Options = options;
    }

    public AgencyId Agency { get; }

    public RabbitConnectionOptions Options { get; }

    public string VirtualHost => Options.VirtualHost;

    public static AgencyConnection Resolve(string agency, string? secretsPath) =>
        Resolve(agency, secretsPath, new ConfigurationBuilder().AddEnvironmentVariables().Build());

    internal static AgencyConnection Resolve(string agency, string? secretsPath, IConfiguration environment)
    {
        if (!AgencyId.TryParse(agency, out var id))
        {
            throw new CliException($"'{agency}' is not an agency id such as TH-ONCB");
        }

        var offset = 10 * (Number(environment, "BROKER_RMQ_INSTANCE") ?? 0);
        var options = new RabbitConnectionOptions
        {
            HostName = environment["BROKER_RMQ_HOST"] ?? "127.0.0.1",
            Port = Number(environment, "BROKER_RMQ_AMQP_PORT") ?? 5672 + offset,
            VirtualHost = AgencyNames.VirtualHost(id.Value),
            UserName = AgencyNames.SystemUser(id.Value),
            ClientName = "broker-cli",
        };
        var section = environment.GetSection(Section);
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"{Section}__*: {e.Message}");
        }

        if (options.UseTls && section[nameof(RabbitConnectionOptions.Port)] is null)
        {
            options.Port = Number(environment, "BROKER_RMQ_AMQPS_PORT") ?? 5671 + offset;
        }

        if (!options.UsesClientCertificate && string.IsNullOrEmpty(options.Password))
        {
            secretsPath ??= environment["BROKER_RMQ_SECRETS_FILE"] ?? Path.Combine(".run", "secrets.env");
            options.Password = ReadSecret(secretsPath, "RMQ_PASSWORD_" + options.UserName!.ToUpperInvariant().Replace('-', '_').Replace('.', '_'));
        }

        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
        {
            throw new CliException($"{Section}__*: {string.Join(" ", problems.Select(p => p.ErrorMessage))}");
        }

        return new AgencyConnection(id, options);
    }

    /// <summary>The factory for one command's connection; <paramref name="purpose"/> ends the client name (<c>broker-cli-send</c>).</summary>
    public ConnectionFactory Factory(string purpose)
    {
        var factory = RabbitConnectionFactoryBuilder.Build(Options);
        factory.ClientProvidedName = $"{Options.ClientName}-{purpose}";
        return factory;
    }

    public Task<IConnection> OpenAsync(string purpose, CancellationToken cancellationToken) => Factory(purpose).CreateConnectionAsync(cancellationToken);

    public override string ToString() =>
        $"{(Options.UsesClientCertificate ? "certificate" : Options.UserName)}@{Options.HostName}:{Options.Port}/{Options.VirtualHost}{(Options.UseTls ? " (TLS)" : "")}";

    private static int? Number(IConfiguration environment, string name) =>
        int.TryParse(environment[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

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
