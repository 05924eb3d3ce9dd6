using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hosting.Rabbit;

/// <summary>
/// One AMQP connection: host, port, vhost and either a user name + password or a client certificate (mutual TLS with
/// SASL EXTERNAL, the certificate's CN is the user). Bound from configuration and validated at startup.
/// </summary>
public sealed class RabbitConnectionOptions : IValidatableObject
{
    [Required] public string HostName { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 5672;
    [Required] public string VirtualHost { get; set; } = "/";

    /// <summary>User for PLAIN login; ignored with a client certificate (the certificate's CN is the user).</summary>
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>TLS on (required for a client certificate).</summary>
    public bool UseTls { get; set; }
    /// <summary>Name the server certificate must carry; defaults to <see cref="HostName"/>.</summary>
    public string? ServerName { get; set; }
    /// <summary>A PEM certificate (with <see cref="ClientKeyPath"/>) or a PKCS#12 file (with <see cref="ClientCertificatePassphrase"/>).</summary>
    public string? ClientCertificatePath { get; set; }
    public string? ClientKeyPath { get; set; }
    public string? ClientCertificatePassphrase { get; set; }
    /// <summary>PEM CA that signed the server certificate; when unset the system trust store decides.</summary>
    public string? CaCertificatePath { get; set; }

    [Range(1, 600)] public int ConnectTimeoutSeconds { get; set; } = 30;
    [Range(1, 300)] public int RecoveryIntervalSeconds { get; set; } = 5;
    [Required] public string ClientName { get; set; } = "broker";

    /// <summary>
    /// The largest message body this client accepts (RabbitMQ.Client closes the whole connection on a larger frame). It equals
    /// the node's <c>max_message_size</c> (deploy/rabbitmq/rabbitmq.conf.template), so the broker refuses anything larger at
    /// publish and a consumer never sees a frame it would drop its connection for; each host's own size check is smaller still.
    /// </summary>
    [Range(64 * 1024, 512 * 1024 * 1024)] public int MaxInboundMessageBytes { get; set; } = DefaultMaxInboundMessageBytes;

    /// <summary>8 MiB: the node's <c>max_message_size</c>, twice <see cref="Protocol.ProtocolLimits.MaxEnvelopeBytes"/>.</summary>
    public const int DefaultMaxInboundMessageBytes = 8 * 1024 * 1024;

    /// <summary>True when the connection logs in with a client certificate (SASL EXTERNAL).</summary>
    public bool UsesClientCertificate => !string.IsNullOrWhiteSpace(ClientCertificatePath);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesClientCertificate)
        {
            if (!UseTls)
            {
                yield return new ValidationResult("A client certificate needs UseTls = true.", [nameof(UseTls)]);
            }

            var pem = ClientCertificatePath!.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                || ClientCertificatePath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase);
            if (pem && string.IsNullOrWhiteSpace(ClientKeyPath))
            {
                yield return new ValidationResult("A PEM client certificate needs ClientKeyPath.", [nameof(ClientKeyPath)]);
            }
        }
        else if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult(
                "Set UserName and Password, or ClientCertificatePath for mutual TLS.", [nameof(UserName), nameof(Password)]);
        }
    }
}

[OptionsValidator]
internal sealed partial class RabbitConnectionOptionsValidator : IValidateOptions<RabbitConnectionOptions>;
