using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Alerts;

/// <summary>
/// Checks a plain alert from the agency system: size cap before parsing, the JSON text's shape (<see cref="JsonShape"/>:
/// syntax, depth, duplicate names, Unicode, control characters), the schema, then the facts
/// the schema cannot express (origin is this gateway's agency, sane and current timestamps). Every refusal has a code.
/// </summary>
internal sealed class AlertValidator(AgencyId self, AlertLimits limits, TimeProvider timeProvider)
{
    public bool TryValidate(
        ReadOnlyMemory<byte> body,
        [NotNullWhen(true)] out ValidatedAlert? alert,
        [NotNullWhen(false)] out AlertRejection? rejection)
    {
        alert = null;
        rejection = CheckSize(body.Length);
        if (rejection is not null)
        {
            return false;
        }

        // The JSON reader checks UTF-8 only in the strings it decodes; refuse a malformed body as a whole.
        if (!Utf8.IsValid(body.Span))
        {
            rejection = AlertRejection.Of(AlertRejectCode.NotJson, "The body is not valid UTF-8 JSON (malformed UTF-8).");
            return false;
        }

        rejection = JsonShape.Check(body.Span, limits.MaxDepth);
        if (rejection is not null)
        {
            return false;
        }

        // JsonShape has checked syntax and depth, so the parse cannot fail on this body; a failure would be a bug, and the
        // outbound handler classifies any exception as a permanent refusal of this message.
        var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 2 });
        using (document)
        {
            var errors = CaseAlertSchema.Evaluate(document.RootElement);
            if (errors.Count > 0)
            {
                rejection = AlertRejection.Of(AlertRejectCode.SchemaViolation, "The alert does not match the case-alert schema: " + string.Join("; ", errors));
                return false;
            }

            CaseAlert facts;
            try
            {
                facts = CaseAlert.FromValidated(document.RootElement);
            }
            catch (FormatException ex)
            {
                rejection = AlertRejection.Of(AlertRejectCode.SchemaViolation, ex.Message);
                return false;
            }

            rejection = CheckFacts(facts);
            if (rejection is not null)
            {
                return false;
            }

            alert = new ValidatedAlert(facts, body.ToArray());
            return true;
        }
    }

    private AlertRejection? CheckSize(int length) => length switch
    {
        0 => AlertRejection.Of(AlertRejectCode.EmptyBody, "The message body is empty."),
        _ when length > limits.MaxBodyBytes => AlertRejection.Of(
            AlertRejectCode.BodyTooLarge, $"The body has {length} bytes; the limit is {limits.MaxBodyBytes}."),
        _ => null,
    };

    private AlertRejection? CheckFacts(CaseAlert alert)
    {
        var now = timeProvider.GetUtcNow();
        if (alert.Origin != self)
        {
            return AlertRejection.Of(AlertRejectCode.WrongOrigin, $"/origin/agency is {alert.Origin}, but this gateway sends only for {self}.");
        }

        if (alert.Expires <= alert.Created)
        {
            return AlertRejection.Of(AlertRejectCode.ExpiresBeforeCreated, "/expires must be later than /created.");
        }

        if (alert.Expires <= now)
        {
            return AlertRejection.Of(AlertRejectCode.Expired, "/expires is in the past.");
        }

        return alert.Created > now + limits.ClockSkew
            ? AlertRejection.Of(AlertRejectCode.CreatedInFuture, "/created lies in the future beyond the allowed clock skew.")
            : null;
    }
}
