using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Sharing;
using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Outbound;

internal sealed partial class OutboundHandler
{
    /// <summary>The header form of <c>message_id</c>, for clients that cannot set the property (protocols/amqp.md §2.1).</summary>
    public const string MessageIdHeader = "message-id";

    /// <summary>Longest accepted <c>message_id</c>.</summary>
    public const int MaxMessageIdLength = 128;

    internal enum DecisionKind
    {
        Refuse,
        DryRun,
        Accept,
    }

    /// <summary>What to do with one message, decided from its bytes and properties alone.</summary>
    internal sealed record Decision(DecisionKind Kind, Guid? AlertId, AlertRejection? Rejection = null, ValidatedAlert? Alert = null, SharingPlan? Plan = null, byte[]? Notice = null)
    {
        public static Decision Refuse(AlertRejection rejection, Guid? alertId) => new(DecisionKind.Refuse, alertId, rejection);
    }

    /// <summary>The <c>message_id</c> property, else the <c>message-id</c> header; null when absent or not 1–128 printable ASCII characters.</summary>
    internal static string? MessageIdOf(InboundDelivery delivery)
    {
        var raw = delivery.MessageId ?? delivery.GetHeader(MessageIdHeader);
        return IsValidMessageId(raw) ? raw : null;
    }

    internal static bool IsValidMessageId(string? id) =>
        id is { Length: > 0 and <= MaxMessageIdLength } && id.All(static c => c is >= ' ' and <= '~');

    /// <summary>Pure: reads the message and the policies in force, changes nothing. An exception here is a permanent failure.</summary>
    private Decision Decide(InboundDelivery delivery, string? messageId)
    {
        var contract = CheckProperties(delivery, messageId);
        if (contract is not null)
        {
            return Decision.Refuse(contract, PeekId(delivery.Body));
        }

        if (!validator.TryValidate(delivery.Body, out var alert, out var rejection))
        {
            return Decision.Refuse(rejection, PeekId(delivery.Body));
        }

        var plan = sealer.Evaluate(alert.Alert, alert.Json.Span);
        if (IsDryRun(delivery))
        {
            var refusal = plan.IsRefused ? PolicyRefusals.Rejection(plan.Evaluation) : null;
            var notice = SharingNotice.Compose(alert.Alert.Id, messageId, NoticeStage.DryRun, plan, null, refusal);
            return new Decision(DecisionKind.DryRun, alert.Alert.Id, Plan: plan, Notice: notice);
        }

        return plan.IsRefused
            ? Decision.Refuse(PolicyRefusals.Rejection(plan.Evaluation), alert.Alert.Id)
            : new Decision(DecisionKind.Accept, alert.Alert.Id, Alert: alert, Plan: plan);
    }

    /// <summary>The required properties of §2.1: a usable <c>message_id</c>, <c>content_type</c> JSON, UTF-8 or no <c>content_encoding</c>.</summary>
    private static AlertRejection? CheckProperties(InboundDelivery delivery, string? messageId)
    {
        if (messageId is null)
        {
            return delivery.MessageId is null && delivery.GetHeader(MessageIdHeader) is null
                ? AlertRejection.Of(AlertRejectCode.MissingMessageId, "The message has no message_id (property, or header message-id); it is required so that retries are recognised.")
                : AlertRejection.Of(AlertRejectCode.InvalidMessageId, $"The message_id must be 1 to {MaxMessageIdLength} printable ASCII characters (U+0020 to U+007E).");
        }

        if (!IsJsonMediaType(delivery.ContentType))
        {
            return AlertRejection.Of(
                AlertRejectCode.UnsupportedContentType,
                delivery.ContentType is null ? "The message has no content_type; it must be application/json." : "The content_type must be application/json.");
        }

        return delivery.ContentEncoding is null
            || string.Equals(delivery.ContentEncoding, "utf-8", StringComparison.OrdinalIgnoreCase)
            || string.Equals(delivery.ContentEncoding, "utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : AlertRejection.Of(AlertRejectCode.UnsupportedContentEncoding, "The content_encoding must be utf-8 or absent (no compression).");
    }

    /// <summary><c>application/json</c> in any case, optionally with parameters (<c>; charset=utf-8</c>).</summary>
    internal static bool IsJsonMediaType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The alert id of a refused message when it is readable JSON, so the agency system can correlate the refusal.</summary>
    private Guid? PeekId(ReadOnlyMemory<byte> body)
    {
        if (body.Length == 0 || body.Length > options.Value.MaxAlertBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = AlertLimits.Default.MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                && Guid.TryParse(id.GetString(), out var guid) ? guid : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON, too deep, or an id that is not Unicode text (\ud800): no id to report.
            return null;
        }
    }
}
