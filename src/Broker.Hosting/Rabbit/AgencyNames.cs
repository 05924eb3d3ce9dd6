namespace Broker.Hosting.Rabbit;

/// <summary>
/// The names of an agency's premises side of the AMQP contract (protocols/amqp.md §2 and §4): its virtual host, the two
/// users that log in there, the exchanges and queues, and the routing keys the agency system and the gateway use. The
/// gateway, the web client, the CLI and the test kit take them from here; RabbitMQ's definitions
/// (deploy/rabbitmq/definitions.py) declare the same names and the topology tests check the two agree.
/// </summary>
public static class AgencyNames
{
    /// <summary>Exchange (direct) the agency system publishes its plain alerts and actions to.</summary>
    public const string OutboundExchange = "agency.outbound";

    /// <summary>Queue bound to <see cref="OutboundExchange"/>; read only by the agency's gateway.</summary>
    public const string OutboundQueue = "gateway.outbound";

    /// <summary>Exchange (topic) the gateway publishes deliveries, receipts, rejections and notices to.</summary>
    public const string InboundExchange = "agency.inbound";

    /// <summary>Queue bound to <see cref="InboundExchange"/>; read only by the agency system.</summary>
    public const string InboxQueue = "agency.inbox";

    /// <summary>Fanout exchange for messages the gateway could not process at all.</summary>
    public const string DeadLetterExchange = "agency.dlx";

    /// <summary>Queue behind <see cref="DeadLetterExchange"/>, for the agency's operators.</summary>
    public const string DeadLetterQueue = "gateway.outbound.dead";

    /// <summary>Routing key on <see cref="OutboundExchange"/> for a case alert.</summary>
    public const string AlertRoutingKey = "alert";

    /// <summary>Routing key on <see cref="OutboundExchange"/> for an action (acknowledgement, reply, request, grant, refusal).</summary>
    public const string ActionRoutingKey = "action";

    /// <summary>Routing key and <c>type</c> on <see cref="InboundExchange"/>: an alert another agency sent, verified and opened.</summary>
    public const string Delivered = "alert.delivered";

    /// <summary>Routing key on <see cref="InboundExchange"/> (and <see cref="DeadLetterExchange"/>): this agency's alert was refused.</summary>
    public const string Rejected = "alert.rejected";

    /// <summary>Routing key on <see cref="InboundExchange"/>: the hub's routing receipt for an alert this agency sent.</summary>
    public const string RoutingReceipt = "receipt.routing";

    /// <summary>Routing key on <see cref="InboundExchange"/>: a recipient's delivery receipt for an alert this agency sent.</summary>
    public const string DeliveryReceipt = "receipt.delivery";

    /// <summary>Routing key on <see cref="InboundExchange"/>: what the sharing policies decided for this agency's alert.</summary>
    public const string SharingNotice = "sharing.notice";

    private const string VirtualHostPrefix = "agency.";

    /// <summary>The agency's virtual host, <c>agency.&lt;ID&gt;</c>.</summary>
    public static string VirtualHost(string agency) => VirtualHostPrefix + Checked(agency);

    /// <summary>The agency system's user, <c>&lt;ID&gt;.system</c>: writes <see cref="OutboundExchange"/>, reads <see cref="InboxQueue"/>.</summary>
    public static string SystemUser(string agency) => Checked(agency) + ".system";

    /// <summary>The gateway's user on the agency side, <c>&lt;ID&gt;.gateway</c>: reads <see cref="OutboundQueue"/>, writes the inbound and dead-letter exchanges.</summary>
    public static string GatewayUser(string agency) => Checked(agency) + ".gateway";

    private static string Checked(string agency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agency);
        return agency;
    }
}
