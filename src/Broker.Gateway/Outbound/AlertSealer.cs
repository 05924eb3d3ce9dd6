using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Broker.Gateway.Alerts;
using Broker.Gateway.Policies;
using Broker.Gateway.Sharing;
using Broker.Gateway.Trust;
using Broker.Protocol;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Outbound;

/// <summary>A sealed alert: the envelope id, its bytes, the recipients as "AGENCY:view" pairs and the policy versions used, for the record.</summary>
internal sealed record SealedAlert(EnvelopeId Id, byte[] Envelope, string Recipients, int RecipientCount, int ViewCount, string PolicyVersions = "");

/// <summary>
/// Turns an outbox entry into one signed, sealed envelope. The alert is evaluated against the sharing policies in force (one
/// snapshot per alert): the origin's outbound rules, each candidate's inbound rules and the alert's markings. Only recipients
/// the policies allow and that have a current encryption key are sealed for, each with the richest view its policies admit.
/// The plan (every candidate's decision) is returned for the sharing notice, also when the alert is refused. The envelope
/// lives from now until the alert's expiry, capped at the protocol's maximum lifetime.
/// </summary>
internal sealed class AlertSealer(GatewayKeyring keyring, GatewayPolicies policies, TimeProvider timeProvider, ILogger<AlertSealer> logger)
{
    public bool TrySeal(
        ReadOnlyMemory<byte> alertJson,
        [NotNullWhen(true)] out SealedAlert? sealedAlert,
        [NotNullWhen(false)] out AlertRejection? rejection,
        out SharingPlan? plan)
    {
        sealedAlert = null;
        plan = null;
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

        var keys = new Dictionary<AgencyId, EncryptionPublicKey>();
        plan = Plan(alert, alertJson.Span, now, keys);
        if (plan.IsRefused)
        {
            rejection = PolicyRefusals.Rejection(plan.Evaluation);
            return false;
        }

        foreach (var skipped in plan.Outcomes.Where(o => !o.IsSealed))
        {
            // A policy denial is an expected outcome (the notice tells the agency); a missing key is an operational problem.
            if (skipped.Skipped is { } reason)
            {
                logger.RecipientSkipped(alert.Id, skipped.Decision.Recipient.Value, reason);
            }
            else
            {
                logger.RecipientNotPermitted(alert.Id, skipped.Decision.Summary);
            }
        }

        if (plan.Recipients.Count == 0)
        {
            rejection = AlertRejection.Of(
                AlertRejectCode.NoPermittedRecipients,
                "The sharing policies in force let no addressed agency receive this alert; the sharing notice says why for each.");
            return false;
        }

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
            sealedAlert = new SealedAlert(request.Id, bytes, recipients, plan.Recipients.Count, plan.Views.Count, plan.PolicyVersions);
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

    /// <summary>Evaluates without sealing (the outbound handler's early check and dry runs).</summary>
    public SharingPlan Evaluate(CaseAlert alert, ReadOnlySpan<byte> alertJson) =>
        Plan(alert, alertJson, DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds()), []);

    private SharingPlan Plan(CaseAlert alert, ReadOnlySpan<byte> alertJson, DateTimeOffset now, Dictionary<AgencyId, EncryptionPublicKey> keys) =>
        SharingPlanner.Plan(alert, alertJson, policies.Current, policies.Agencies, now, agency =>
        {
            if (keyring.Registry.TryGetEncryptionKey(agency, now, out var key, out var reason))
            {
                keys[agency] = key;
                return null;
            }

            return "no-encryption-key: " + reason;
        });
}
