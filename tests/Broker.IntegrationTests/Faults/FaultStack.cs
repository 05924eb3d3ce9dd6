using System.Globalization;
using Broker.Hosting.Rabbit;
using Broker.IntegrationTests.Gateway;
using Broker.Testing.Policies;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// Where the processes of one fault test run: a node, the hub vhost and the agencies' vhosts on it, a key/registry set and
/// a data directory. Builds each service's configuration exactly as an operator would write it.
/// </summary>
internal sealed record FaultStack(RabbitMqEnvironment Environment, string HubVhost, Func<string, string> AgencyVhost, GatewayNetwork Network)
{
    /// <summary>The hub's policies let TH-ONCB send to RU-MVD and MY-PDRM; SG-CNB is addressed too but withheld by the hub.</summary>
    public static readonly string[] Pairs = ["TH-ONCB->RU-MVD", "TH-ONCB->MY-PDRM"];

    public static readonly string[] Recipients = ["RU-MVD", "MY-PDRM"];

    public TimeSpan StartTimeout => Environment.Timeout * 3;

    public Task<ServiceProcess> StartHubAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["Rabbit:HostName"] = Environment.Host,
            ["Rabbit:Port"] = Port(Environment.AmqpPort),
            ["Rabbit:VirtualHost"] = HubVhost,
            ["Rabbit:UserName"] = "hub-core",
            ["Rabbit:Password"] = Environment.PasswordFor("hub-core"),
            ["Rabbit:RecoveryIntervalSeconds"] = "1",
            ["Trust:RegistryPath"] = Network.RegistryPath,
            ["Trust:TrustAnchorPath"] = Network.AnchorPath,
            ["Trust:HubSigningKeyPath"] = Network.HubKeyPath,
            ["Trust:ReloadOnChange"] = "false",
            ["EnvelopeClaims:SqlitePath"] = Path.Combine(dataDirectory, "claims.db"),
            // The shipped audit log (Direct mode) stays on, kept across the restart like the envelope claims; the policies are
            // the open test policy narrowed to Pairs, because these tests are about delivery, not rules.
            ["Policies:Directory"] = OpenPolicies.WriteFolder(Path.Combine(dataDirectory, "policies"), GatewayNetwork.Countries, OpenPolicies.Pairs(Pairs)),
            ["Audit:Mode"] = "Direct",
            ["Audit:SqlitePath"] = Path.Combine(dataDirectory, "audit.db"),
        };

        return ServiceProcess.StartAsync("hub", "Broker.Hub", settings, StartTimeout, cancellationToken);
    }

    /// <summary>A gateway process; <paramref name="storePath"/> is its SQLite store (outbox and inbox), kept across restarts.</summary>
    public Task<ServiceProcess> StartGatewayAsync(string agency, string storePath, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["Gateway:Agency"] = agency,
            ["Gateway:StorePath"] = storePath,
            ["Gateway:KeyFilePath"] = Network.KeyFilePath(agency),
            ["Gateway:KeyPassphrase"] = GatewayNetwork.Passphrase(agency),
            ["Gateway:RegistryPath"] = Network.RegistryPath,
            ["Gateway:Policies:Directory"] = Network.PolicyDirectory,
            ["Gateway:TrustAnchorPath"] = Network.AnchorPath,
            ["Gateway:DrainIntervalMilliseconds"] = "200",
            ["Gateway:RetryBaseMilliseconds"] = "200",
            ["Gateway:RetryMaxMilliseconds"] = "1000",
            // Delivery receipts would need RU/MY -> TH in the hub's policies; they are not what these tests are about.
            ["Gateway:SendDeliveryReceipts"] = "false",
            ["Gateway:AgencyBroker:HostName"] = Environment.Host,
            ["Gateway:AgencyBroker:Port"] = Port(Environment.AmqpPort),
            ["Gateway:AgencyBroker:VirtualHost"] = AgencyVhost(agency),
            ["Gateway:AgencyBroker:UserName"] = AgencyNames.GatewayUser(agency),
            ["Gateway:AgencyBroker:Password"] = Environment.PasswordFor(AgencyNames.GatewayUser(agency)),
            ["Gateway:AgencyBroker:RecoveryIntervalSeconds"] = "1",
            ["Gateway:HubBroker:HostName"] = Environment.Host,
            ["Gateway:HubBroker:Port"] = Port(Environment.AmqpsPort),
            ["Gateway:HubBroker:VirtualHost"] = HubVhost,
            ["Gateway:HubBroker:UseTls"] = "true",
            ["Gateway:HubBroker:ClientCertificatePath"] = Environment.ClientCertificatePath(agency, "p12"),
            ["Gateway:HubBroker:ClientCertificatePassphrase"] = Environment.P12Password,
            ["Gateway:HubBroker:CaCertificatePath"] = Environment.CaCertificatePath,
            ["Gateway:HubBroker:RecoveryIntervalSeconds"] = "1",
            ["Gateway:Sharing:Countries:RU:0"] = "*",
            ["Gateway:Sharing:Countries:TH:0"] = "*",
            ["Gateway:Sharing:Countries:MY:0"] = "operational.general",
            ["Resilience:MaxRetryAttempts"] = "1",
            ["Resilience:BaseDelayMilliseconds"] = "100",
            ["Resilience:AttemptTimeoutSeconds"] = "5",
        };
        return ServiceProcess.StartAsync($"gateway {agency}", "Broker.Gateway", settings, StartTimeout, cancellationToken);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
