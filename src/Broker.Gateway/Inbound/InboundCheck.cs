using System.Globalization;
using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Storage;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Inbound;

/// <summary>What the inbound checks decided: a reason code to quarantine with, or where the message belongs.</summary>
internal sealed record InboundVerdict
{
    public string? RejectCode { get; init; }

    /// <summary>The view after data-class conformance (stripped when it carried undeclared classes).</summary>
    public ViewViolation? Violation { get; init; }

    public string? AlertId { get; init; }
    public string? ThreadOf { get; init; }
    public string? ActionKind { get; init; }

    public static InboundVerdict Refuse(string code) => new() { RejectCode = code };
}

/// <summary>
/// Every check an opened view passes before it is stored (protocols/case-alert.md, "What the receiving gateway checks"):
/// strict JSON, then by envelope kind either the delivery-receipt rules or data-class conformance, the case-alert schema,
/// origin and markings equal to the signed header, and the message's place: an action only about an alert its signed sender
/// was party to, a grant or refusal only from the alert's originator answering a request this agency made, a receipt only
/// for an envelope this agency sent to that recipient. Who sent it is always the signed sender, never a plaintext claim.
/// </summary>
internal sealed class InboundCheck(GatewayStore store, AgencyId self)
{
    private static readonly Dictionary<MessageKind, string[]> ActionsOfKind = new()
    {
        [MessageKind.Reply] = ["reply"],
        [MessageKind.Acknowledgement] = ["acknowledge"],
        [MessageKind.EvidenceRequest] = ["request-evidence-use"],
        [MessageKind.OnwardRequest] = ["request-onward-sharing"],
        [MessageKind.PermissionGrant] = ["grant"],
        [MessageKind.PermissionRefusal] = ["refuse"],
    };

    public async Task<InboundVerdict> CheckAsync(OpenedEnvelope opened, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opened);
        if (!StrictJson.TryParse(opened.Plaintext, out var parsed, out var code))
        {
            return InboundVerdict.Refuse(code!);
        }

        if (DeliveryReceiptShape.IsReceipt(opened.Header.Kind))
        {
            using (parsed)
            {
                return await CheckReceiptAsync(opened, parsed!.RootElement, cancellationToken).ConfigureAwait(false);
            }
        }

        // Conformance first: the schema and the place are checked on what would be stored and shown.
        var violation = ViewConformance.Check(opened);
        if (violation is not null)
        {
            parsed!.Dispose();
        }

        using var document = violation is null ? parsed! : JsonDocument.Parse(violation.StrippedView);
        var root = document.RootElement;
        if (CaseAlertSchema.Evaluate(root).Count > 0 || !TryFacts(root, out var facts))
        {
            return InboundVerdict.Refuse(InboundRejectCode.SchemaViolation);
        }

        if (facts.Origin != opened.Header.Sender)
        {
            return InboundVerdict.Refuse(InboundRejectCode.OriginMismatch);
        }

        var h = opened.Header;
        if (facts.Category != h.Category || facts.Priority != h.Priority || facts.Tlp != h.Tlp || facts.Classification != h.Classification || facts.Handling != h.Handling)
        {
            return InboundVerdict.Refuse(InboundRejectCode.MarkingsMismatch);
        }

        var action = root.TryGetProperty("action", out var a) ? a.GetProperty("kind").GetString() : null;
        if (ActionsOfKind.TryGetValue(h.Kind, out var allowed) ? action is null || !allowed.Contains(action) : h.Kind != MessageKind.Alert)
        {
            return InboundVerdict.Refuse(InboundRejectCode.KindMismatch);
        }

        var verdict = new InboundVerdict { Violation = violation, AlertId = Key(facts.Id), ActionKind = action };
        if (facts.InReplyTo is not { } about)
        {
            return action is null ? verdict : InboundVerdict.Refuse(InboundRejectCode.ActionWithoutAlert);
        }

        var sender = h.Sender.Value;
        if (action is "grant" or "refuse")
        {
            // Only the originator decides, only about its own alert, and only in answer to a request this agency made to it.
            if (!await store.ReceivedAlertFromAsync(Key(about), sender, cancellationToken).ConfigureAwait(false))
            {
                return InboundVerdict.Refuse(InboundRejectCode.GrantNotFromOriginator);
            }

            var request = a.TryGetProperty("requestId", out var r) && Guid.TryParse(r.GetString(), CultureInfo.InvariantCulture, out var id) ? Key(id) : null;
            return request is not null && await store.SentRequestAsync(request, Key(about), sender, cancellationToken).ConfigureAwait(false)
                ? verdict with { ThreadOf = Key(about) }
                : InboundVerdict.Refuse(InboundRejectCode.GrantWithoutRequest);
        }

        var party = await PartyToAsync(Key(about), sender, cancellationToken).ConfigureAwait(false);
        if (action is not null)
        {
            return party ? verdict with { ThreadOf = Key(about) } : InboundVerdict.Refuse(InboundRejectCode.ActionOutOfPlace);
        }

        // A plain alert that answers another one is intelligence in its own right: delivered, but threaded only where its
        // sender was party to the alert it names.
        return party ? verdict with { ThreadOf = Key(about) } : verdict;
    }

    /// <summary>The sender originated the alert (this agency received it from them) or this agency sent it to them.</summary>
    private async Task<bool> PartyToAsync(string alertId, string sender, CancellationToken cancellationToken) =>
        await store.SentRecipientsAsync(alertId, cancellationToken).ConfigureAwait(false) is { } recipients
            ? GatewayStore.Names(recipients, sender)
            : await store.ReceivedAlertFromAsync(alertId, sender, cancellationToken).ConfigureAwait(false);

    private async Task<InboundVerdict> CheckReceiptAsync(OpenedEnvelope opened, JsonElement root, CancellationToken cancellationToken)
    {
        var h = opened.Header;
        if (!DeliveryReceiptShape.Conforms(root, h, self) || h.Views.Any(v => v.DataClasses.Count > 0))
        {
            return InboundVerdict.Refuse(InboundRejectCode.ReceiptMalformed);
        }

        // A receipt only for an envelope this agency sent, and only from an agency it was sealed for.
        var about = h.InReplyTo!.Value;
        var recipients = await store.SentEnvelopeRecipientsAsync(about.ToString(), cancellationToken).ConfigureAwait(false);
        // A receipt "threads" under the envelope it answers (32 hex digits, never mistaken for an alert id), so the sent view finds it by index.
        return recipients is not null && GatewayStore.Names(recipients, h.Sender.Value)
            ? new InboundVerdict { ThreadOf = about.ToString() }
            : InboundVerdict.Refuse(InboundRejectCode.ReceiptOutOfPlace);
    }

    private static bool TryFacts(JsonElement root, out CaseAlert facts)
    {
        try
        {
            facts = CaseAlert.FromValidated(root);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            facts = null!;
            return false;
        }
    }

    private static string Key(Guid id) => id.ToString("D");
}
