using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;
using Broker.Hosting.Rabbit;
using Broker.Web.Accounts;

namespace Broker.Web.Alerts;

/// <summary>
/// Sends an officer's action as the agency system would: a plain case alert with an <c>action</c> part and <c>inReplyTo</c>,
/// addressed to the originator only, published to <c>agency.outbound</c> with routing key <c>action</c> and a publisher
/// confirm, as <c>&lt;ID&gt;.system</c> over the connection <see cref="RabbitConnectionProvider"/> keeps (TLS when
/// configured, automatic recovery). The gateway validates, signs and seals it like any alert; the web app never holds keys.
/// </summary>
internal sealed class ActionPublisher([FromKeyedServices(ActionPublisher.ConnectionName)] IConfirmedPublisher publisher)
{
    /// <summary>The name of the web client's one AMQP connection (to the agency's vhost).</summary>
    public const string ConnectionName = "agency";

    public static readonly string[] Kinds = ["acknowledge", "reply", "request-evidence-use", "request-onward-sharing", "grant", "refuse"];

    public static JsonObject Compose(JsonObject original, string originAgency, Officer officer, string kind, string? text, Guid? requestId, Guid actionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(officer);
        if (!Kinds.Contains(kind))
        {
            throw new InvalidOperationException("The action kind is not one of the schema's kinds.");
        }

        var title = $"{kind}: {AlertJson.Text(original, "title")}";
        var action = new JsonObject { ["kind"] = kind, ["officer"] = Cap(officer.DisplayName, 200) };
        if (requestId is { } r)
        {
            action["requestId"] = r.ToString("D");
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            action["text"] = Cap(text.Trim(), 4000);
        }

        return new JsonObject
        {
            ["schemaVersion"] = 1,
            ["id"] = actionId.ToString("D"),
            ["created"] = Stamp(now.AddSeconds(-1)),
            ["expires"] = Stamp(now.AddDays(30)),
            ["inReplyTo"] = AlertJson.Text(original, "id"),
            ["action"] = action,
            ["origin"] = new JsonObject { ["agency"] = officer.Agency, ["officer"] = new JsonObject { ["name"] = Cap(officer.DisplayName, 200), ["unit"] = "Liaison desk" } },
            ["category"] = AlertJson.Text(original, "category"),
            ["priority"] = AlertJson.Text(original, "priority"),
            ["tlp"] = AlertJson.Text(original, "tlp"),
            ["classification"] = AlertJson.Text(original, "classification"),
            ["handling"] = original["handling"]?.DeepClone() ?? new JsonObject { ["codes"] = new JsonArray("H0") },
            ["title"] = Cap(title, 200),
            ["summary"] = Cap(string.IsNullOrWhiteSpace(text) ? $"{kind} by {officer.DisplayName} of {officer.Agency}" : text.Trim(), 1000),
            ["addressing"] = new JsonObject { ["agencies"] = new JsonArray(originAgency) },
        };
    }

    public async Task PublishAsync(JsonObject action, Guid actionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var outcome = await publisher.PublishAsync(
            new OutgoingMessage
            {
                Exchange = AgencyNames.OutboundExchange,
                RoutingKey = AgencyNames.ActionRoutingKey,
                Body = System.Text.Encoding.UTF8.GetBytes(action.ToJsonString()),
                ContentType = "application/json",
                MessageId = "action-" + actionId.ToString("N"),
                Mandatory = true,
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome != PublishOutcome.Confirmed)
        {
            // No queue bound for "action": the agency vhost is not set up as protocols/amqp.md says. Fail the request loudly.
            throw new InvalidOperationException($"The agency broker returned the action as unroutable ({AgencyNames.OutboundExchange}/{AgencyNames.ActionRoutingKey}).");
        }
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];
}
