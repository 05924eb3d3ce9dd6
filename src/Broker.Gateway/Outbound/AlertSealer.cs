using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Sharing;
using Broker.Gateway.Trust;
using Broker.Protocol;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Outbound;

/// <summary>A sealed alert: the envelope id, its bytes, and the recipients as "AGENCY:view" pairs for the record.</summary>
internal sealed record SealedAlert(EnvelopeId Id, byte[] Envelope, string Recipients, int RecipientCount, int ViewCount);

/// <summary>
/// Turns an outbox entry into one signed, sealed envelope: resolves the addressing against the trust registry, keeps the
/// recipients with a current encryption key, builds the views the data-class rule asks for and seals them. The envelope
/// lives from now until the alert's expiry, capped at the protocol's maximum lifetime.
/// </summary>
internal sealed class AlertSealer(GatewayKeyring keyring, IDataClassRule rule, TimeProvider timeProvider, ILogger<AlertSealer> logger)
{
    public bool TrySeal(ReadOnlyMemory<byte> alertJson, [NotNullWhen(true)] out SealedAlert? sealedAlert, [NotNullWhen(false)] out AlertRejection? rejection)
    {
        sealedAlert = null;
        CaseAlert alert;
        using (var document = JsonDocument.Parse(alertJson))
        {
            alert = CaseAlert.FromValidated(document.RootElement);
        }

        // Millisecond precision: the envelope carries times in milliseconds.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        if (alert.Expires <= now)
        {
            rejection = AlertRejection.Of(AlertRejectCode.Expired, "/expires passed while the alert waited in the outbox.");
            return false;
        }

        var registry = keyring.Registry;
        var known = registry.Agencies.Where(a => a.Status == AgencyStatus.Active).Select(a => a.Id).ToArray();
        var keys = new Dictionary<AgencyId, EncryptionPublicKey>();
        foreach (var agency in ViewPlanner.ResolveRecipients(alert.Addressing, keyring.Keys.Agency, known))
        {
            if (registry.TryGetEncryptionKey(agency, now, out var key, out var reason))
            {
                keys[agency] = key;
            }
            else
            {
                logger.RecipientSkipped(alert.Id, agency.Value, reason.ToString());
            }
        }

        if (keys.Count == 0)
        {
            rejection = AlertRejection.Of(AlertRejectCode.NoRecipients, "No addressed agency is in the trust registry with a current encryption key.");
            return false;
        }

        var plan = ViewPlanner.Plan(alertJson.Span, [.. keys.Keys], rule);
        var request = new SealRequest
        {
            Id = EnvelopeId.New(),
            Kind = MessageKind.Alert,
            Created = now,
            Expires = alert.Expires - now > ProtocolLimits.MaxLifetime ? now + ProtocolLimits.MaxLifetime : alert.Expires,
            Category = alert.Category,
            Priority = alert.Priority,
            Tlp = alert.Tlp,
            Classification = alert.Classification,
            Handling = alert.Handling,
            Broadcast = alert.Addressing.Broadcast,
            Views = [.. plan.Views.Select(v => new ViewContent(v.DataClasses, v.Json))],
            Recipients = [.. plan.Recipients.Select(r => new RecipientSpec(r.Agency, r.ViewIndex, keys[r.Agency]))],
        };
        try
        {
            var bytes = Envelope.Seal(request, keyring.Keys);
            var recipients = string.Join(' ', plan.Recipients.Select(r => $"{r.Agency}:{r.ViewIndex}"));
            sealedAlert = new SealedAlert(request.Id, bytes, recipients, plan.Recipients.Count, plan.Views.Count);
            rejection = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            // The protocol's refusal is one sentence about sizes or counts, never content.
            rejection = AlertRejection.Of(AlertRejectCode.SealFailed, ex.Message);
            return false;
        }
    }
}
