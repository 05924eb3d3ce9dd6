using System.Text;
using System.Text.Json;
using Broker.Hosting.Rabbit;
using RabbitMQ.Client.Events;

namespace Broker.Cli.Agency;

/// <summary>One message read from an agency inbox, copied out of the client's buffers, and how it prints.</summary>
internal sealed record InboxMessage(string Type, string? MessageId, string? CorrelationId, string? RejectCode, string? RejectReason, byte[] Body)
{
    public static InboxMessage From(BasicDeliverEventArgs args)
    {
        var p = args.BasicProperties;
        // The routing key is the contract's name (receipt.routing, alert.delivered...); the type may carry a version.
        return new InboxMessage(string.IsNullOrEmpty(args.RoutingKey) ? p.Type ?? "?" : args.RoutingKey, p.MessageId, p.CorrelationId, Header(p.Headers, "x-reject-code"), Header(p.Headers, "x-reject-reason"), args.Body.ToArray());
    }

    /// <summary>The alert id in the body: <c>id</c> of a delivered or rejected alert, <c>alertId</c> of a routing receipt.</summary>
    public string? AlertId => TryParse(out var root) ? Text(root, "alertId") ?? Text(Alert(root), "id") : null;

    /// <summary>
    /// For the sender waiting on its own alert: the last word about it. A routing receipt or a dry-run notice ends well;
    /// a rejection or a notice that nothing was sent ends badly. A sealed notice is followed by the routing receipt.
    /// </summary>
    public bool? Settles => Type switch
    {
        AgencyNames.RoutingReceipt => true,
        AgencyNames.Rejected => false,
        AgencyNames.SharingNotice => TryParse(out var root) ? Text(root, "outcome") switch { "sealed" => null, "dry-run" => true, _ => false } : false,
        _ => null,
    };

    /// <summary>True when the message concerns the given id: its own id, its correlation id or the alert id in its body.</summary>
    public bool Concerns(string id) => id == MessageId || id == CorrelationId || id == AlertId;

    public void Print(TextWriter output)
    {
        output.WriteLine($"── {Type}  message {MessageId ?? "-"}{(CorrelationId is null ? "" : $"  re {CorrelationId}")}");
        if (RejectCode is not null)
        {
            output.WriteLine($"   rejected: {RejectCode}: {RejectReason}");
        }

        if (!TryParse(out var root))
        {
            output.WriteLine($"   ({Body.Length} bytes, not JSON)");
            return;
        }

        if (Type is AgencyNames.Delivered or AgencyNames.Rejected && Alert(root).TryGetProperty("title", out _))
        {
            PrintAlert(Alert(root), output);
            if (root.TryGetProperty("broker", out var broker))
            {
                var verified = broker.TryGetProperty("verification", out var v) ? $"{Text(v, "result")} ({Text(v, "signature")})" : "?";
                var withheld = broker.TryGetProperty("withheldDataClasses", out var w) ? List(w) : "none";
                output.WriteLine($"   envelope {Text(broker, "envelopeId")} from {Text(broker, "sender")}: signature {verified}; withheld data classes: {withheld}");
            }

            return;
        }

        if (Type == AgencyNames.RoutingReceipt && root.TryGetProperty("deliveredTo", out var delivered))
        {
            output.WriteLine($"   routing receipt for alert {Text(root, "alertId")}: {Text(root, "outcome")}, delivered to {List(delivered)}; withheld from {(root.TryGetProperty("withheld", out var w) ? List(w) : "-")}");
            return;
        }

        if (Type == AgencyNames.SharingNotice && root.TryGetProperty("recipients", out var recipients) && recipients.ValueKind == JsonValueKind.Array)
        {
            PrintNotice(root, recipients, output);
            return;
        }

        if (Type == AgencyNames.DeliveryReceipt && root.TryGetProperty("receipt", out var receipt))
        {
            output.WriteLine($"   delivery receipt: {Text(receipt, "recipient")} received envelope {Text(receipt, "envelopeId")} at {Text(receipt, "deliveredAt")}");
            return;
        }

        output.WriteLine("   " + JsonSerializer.Serialize(root, Indented).Replace("\n", "\n   ", StringComparison.Ordinal));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static void PrintAlert(JsonElement alert, TextWriter output)
    {
        var origin = alert.TryGetProperty("origin", out var o) ? Text(o, "agency") : null;
        var codes = alert.TryGetProperty("handling", out var h) && h.TryGetProperty("codes", out var c) && c.ValueKind == JsonValueKind.Array
            ? string.Join(' ', c.EnumerateArray().Select(x => x.GetString()))
            : "";
        output.WriteLine($"   alert {Text(alert, "id")} from {origin ?? "?"}  ·  {Text(alert, "category")}  ·  {Text(alert, "priority")}  ·  TLP:{Text(alert, "tlp")}  {codes}");
        output.WriteLine($"   {Text(alert, "title")}");
        output.WriteLine($"   {Text(alert, "summary")}");
        if (alert.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Object)
        {
            var counts = entities.EnumerateObject()
                .Where(e => e.Value.ValueKind == JsonValueKind.Array)
                .Select(e => $"{e.Value.GetArrayLength()} {e.Name}");
            output.WriteLine($"   entities received: {string.Join(", ", counts)}");
        }
    }

    private static void PrintNotice(JsonElement notice, JsonElement recipients, TextWriter output)
    {
        var refusal = notice.TryGetProperty("refusal", out var r) && r.ValueKind == JsonValueKind.Object ? $": {Text(r, "code")} ({Text(r, "reason")})" : "";
        output.WriteLine($"   sharing notice for alert {Text(notice, "alertId")}: {Text(notice, "outcome")}{refusal}");
        foreach (var recipient in recipients.EnumerateArray())
        {
            var withheld = recipient.TryGetProperty("withheldDataClasses", out var w) && w.GetArrayLength() > 0 ? $"; withheld {List(w)}" : "";
            var reason = Text(recipient, "reason") is { Length: > 0 } why ? $" ({why})" : "";
            var rules = recipient.TryGetProperty("rules", out var rl) && rl.ValueKind == JsonValueKind.Array && rl.GetArrayLength() > 0 ? $"  by {List(rl)}" : "";
            output.WriteLine($"     {Text(recipient, "agency"),-9} {Text(recipient, "decision")}{reason}{withheld}{rules}");
        }
    }

    /// <summary>A delivered message wraps the alert as <c>{ "broker": ..., "alert": ... }</c>; a rejected one is the alert itself.</summary>
    private static JsonElement Alert(JsonElement root) =>
        root.TryGetProperty("alert", out var alert) && alert.ValueKind == JsonValueKind.Object ? alert : root;

    private static string List(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0 ? string.Join(", ", array.EnumerateArray().Select(x => x.ToString())) : "none";

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString() : null;

    private bool TryParse(out JsonElement root)
    {
        try
        {
            root = JsonDocument.Parse(Body).RootElement;
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static string? Header(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch { byte[] b => Encoding.UTF8.GetString(b), null => null, _ => value.ToString() }
            : null;
}
