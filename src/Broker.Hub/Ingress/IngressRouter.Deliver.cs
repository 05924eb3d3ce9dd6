using Broker.Hosting.Rabbit;
using Broker.Hub.Decisions;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;
using Broker.Protocol.Vocabulary;

namespace Broker.Hub.Ingress;

public sealed partial class IngressRouter
{
    private async Task RouteVerifiedAsync(RouteContext context, VerifiedEnvelope verified, byte[] bodyHash, DateTimeOffset verifiedAt, CancellationToken cancellationToken)
    {
        var header = verified.Header;
        var envelopeId = header.Id.ToString();
        var present = verified.PresentRecipients.ToHashSet();
        var decidedAt = AuditTime();
        var verdicts = _policy.Decide(header, context.Registry, decidedAt);
        var byAgency = new Dictionary<AgencyId, Routing.RecipientVerdict>();
        foreach (var verdict in verdicts)
        {
            // A recipient listed twice is delivered only if every listing passes.
            if (!byAgency.TryGetValue(verdict.Agency, out var earlier) || (earlier.Allowed && !verdict.Allowed))
            {
                byAgency[verdict.Agency] = verdict;
            }
        }

        var tasks = new List<Task<(RecipientDecision Decision, byte[]? CopyHash)>>(header.Recipients.Count);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var recipient in header.Recipients.Select(r => r.Agency).Distinct())
        {
            var verdict = !present.Contains(recipient)
                ? Routing.RecipientVerdict.Deny("stanza-missing", "no key stanza for this recipient in the envelope", "core:structure")
                : byAgency.GetValueOrDefault(recipient) ?? Routing.RecipientVerdict.Deny("policy-denied", "the policy gave no verdict for this recipient", "core:fail-closed");
            reasons[recipient.Value] = verdict.Reason;
            tasks.Add(verdict.Allowed
                ? DeliverAsync(verified, recipient, verdict.Rule, cancellationToken)
                : Task.FromResult<(RecipientDecision, byte[]?)>((new RecipientDecision(recipient.Value, false, verdict.Code, verdict.Rule), null)));
        }

        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);
        var decisions = outcomes.Select(o => o.Decision).ToArray();
        var delivered = decisions.Where(d => d.Delivered).Select(d => AgencyId.Parse(d.Agency)).ToList();
        var withheld = decisions.Where(d => !d.Delivered).Select(d => new WithheldRecipient(AgencyId.Parse(d.Agency), d.Code, d.Code.StartsWith("policy-", StringComparison.Ordinal) ? reasons[d.Agency] : Explain(d.Code))).ToList();
        var receipt = new RoutingReceipt
        {
            ReceiptId = RoutedReceiptId(header.Id),
            HubId = _signer.HubId,
            Sender = header.Sender,
            EnvelopeId = envelopeId,
            IssuedAt = _time.GetUtcNow(),
            Outcome = ReceiptOutcome.Routed,
            DeliveredTo = delivered,
            Withheld = withheld,
        };
        var payload = RoutingReceiptCodec.EncodePayload(receipt);

        // The envelope's entries and the receipt's entry go to the log in one submission and are durable before the receipt is
        // sent, so a receipt never names something the log lacks; the receipt then carries its entry's inclusion proof.
        var proven = await _audit.AppendWithReceiptAsync(RoutedRecords(verified, context.Registry, verifiedAt, decidedAt, verdicts, outcomes), verified.Bytes,
            new Broker.Protocol.AuditEntries.RoutingReceiptIssued { EnvelopeId = envelopeId, Sender = header.Sender, Payload = payload }, cancellationToken).ConfigureAwait(false);

        // The decision record and the receipt are independent; both must be durable before the ack, so they run together.
        var recorded = _recorder.RecordAsync(new RoutingDecision
        {
            DecisionId = envelopeId + "." + Instance,
            DecidedAt = _time.GetUtcNow(),
            Instance = Instance,
            Outcome = RoutingDecision.Routed,
            EnvelopeId = envelopeId,
            Sender = header.Sender.Value,
            AuthenticatedUser = context.Delivery.UserId,
            BodyBytes = context.Delivery.Body.Length,
            BodySha256 = Convert.ToHexStringLower(bodyHash),
            RegistryVersion = context.Registry.Version,
            Recipients = decisions,
        }, cancellationToken).AsTask();
        var receipted = SendReceiptAsync(receipt, cancellationToken, payload, proven);
        await Task.WhenAll(recorded, receipted).ConfigureAwait(false);

        foreach (var decision in decisions.Where(d => !d.Delivered))
        {
            _metrics.Withheld(decision.Code);
            _logger.RecipientWithheld(envelopeId, decision.Agency, decision.Code, decision.Rule);
        }

        _metrics.Routed(delivered.Count, _time.GetElapsedTime(context.Started));
        _logger.EnvelopeRouted(envelopeId, header.Sender.Value, delivered.Count, withheld.Count);
    }

    private async Task<(RecipientDecision Decision, byte[]? CopyHash)> DeliverAsync(VerifiedEnvelope verified, AgencyId recipient, string rule, CancellationToken cancellationToken)
    {
        var copy = Envelope.Strip(verified, [recipient]);
        var outcome = await _publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = _options.DeliveryExchange,
            RoutingKey = recipient.Value,
            Body = copy,
            ContentType = HubMessageTypes.EnvelopeContentType,
            Type = HubMessageTypes.Envelope,
            MessageId = verified.Header.Id.ToString(),
            UserId = _options.HubUserId,
        }, cancellationToken).ConfigureAwait(false);
        return outcome == PublishOutcome.Confirmed
            ? (new RecipientDecision(recipient.Value, true, "delivered", rule), System.Security.Cryptography.SHA256.HashData(copy))
            : (new RecipientDecision(recipient.Value, false, "no-delivery-queue", rule), null);
    }

    /// <summary>Sends the receipt in its proven form when the audit log gave one; otherwise (and for rejections) signed.</summary>
    private async Task SendReceiptAsync(RoutingReceipt receipt, CancellationToken cancellationToken, byte[]? payload = null, byte[]? proven = null)
    {
        payload ??= RoutingReceiptCodec.EncodePayload(receipt);
        var signed = proven ?? await _signer.SignAsync(payload, cancellationToken).ConfigureAwait(false);
        var headers = receipt.EnvelopeId is null ? null : new Dictionary<string, string> { [HubMessageTypes.HeaderEnvelopeId] = receipt.EnvelopeId };
        var outcome = await _publisher.PublishAsync(new OutgoingMessage
        {
            Exchange = _options.DeliveryExchange,
            RoutingKey = receipt.Sender.Value,
            Body = signed,
            ContentType = RoutingReceiptCodec.ContentType,
            Type = HubMessageTypes.Receipt,
            MessageId = receipt.ReceiptId,
            UserId = _options.HubUserId,
            Headers = headers,
        }, cancellationToken).ConfigureAwait(false);
        if (outcome == PublishOutcome.Unroutable)
        {
            _logger.ReceiptUndeliverable(receipt.ReceiptId, receipt.Sender.Value);
        }
    }

    /// <summary>The same envelope always gets the same routed-receipt id, so a gateway can de-duplicate a receipt re-sent after a takeover.</summary>
    private static string RoutedReceiptId(EnvelopeId id) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. "broker/v1/routing-receipt"u8, .. id.Bytes])[..16]);

    private static string Explain(string code) => code switch
    {
        "policy-denied" => "no sharing rule permits delivery to this recipient",
        "unknown-recipient" => "the recipient is not in the trust registry",
        "recipient-suspended" => "the recipient agency is suspended",
        "self-addressed" => "the sender cannot address itself",
        "stanza-missing" => "the envelope carries no key stanza for this recipient",
        "no-delivery-queue" => "the recipient has no delivery queue on the hub",
        _ => "withheld by policy",
    };
}
