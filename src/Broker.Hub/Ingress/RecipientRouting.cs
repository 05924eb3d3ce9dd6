using Broker.Protocol.Envelopes;
using Broker.Protocol.Receipts;

namespace Broker.Hub.Ingress;

/// <summary>
/// Routes an accepted envelope: decides every recipient (<see cref="RecipientDecider"/>), appends the envelope and every decision
/// to the audit log, and only once that is durable delivers the permitted copies in parallel (<see cref="CopyDelivery"/>); then
/// appends each delivery and the receipt's entry and sends the routing receipt (<see cref="ReceiptIssuer"/>). Returns once all of
/// that is confirmed or durable.
/// </summary>
internal sealed class RecipientRouting(RecipientDecider decider, CopyDelivery copies, IngressAudit audit, ReceiptIssuer receipts, ILogger<RecipientRouting> logger)
{
    public async Task<IReadOnlyList<RoutedRecipient>> RouteAsync(IngressMessage message, VerifiedEnvelope verified, DateTimeOffset verifiedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(verified);
        var header = verified.Header;
        var envelopeId = header.Id.ToString();
        var decidedAt = audit.Now();
        var verdicts = decider.Decide(verified, message.Registry, decidedAt);

        // Deliver only after the log durably holds the envelope and every decision (issue 12 item 5): if the store is down this
        // throws before any copy leaves, and the ingress message is requeued (hub.ingress's delivery limit then dead-letters it).
        await audit.DecidedAsync(verified, message.Registry, verifiedAt, decidedAt, verdicts.Policy, cancellationToken).ConfigureAwait(false);
        var tasks = verdicts.Recipients.Select(r => r.Verdict.Allowed
            ? copies.DeliverAsync(verified, r.Agency, r.Verdict.Rule, cancellationToken)
            : Task.FromResult(new RoutedRecipient(r.Agency, false, r.Verdict.Code, r.Verdict.Rule, null))).ToList();
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);

        var reasons = verdicts.Recipients.ToDictionary(r => r.Agency, r => r.Verdict.Reason);
        var receipt = receipts.Routed(header,
            outcomes.Where(o => o.Delivered).Select(o => o.Agency).ToList(),
            outcomes.Where(o => !o.Delivered).Select(o => new WithheldRecipient(o.Agency, o.Code, o.Code.StartsWith("policy-", StringComparison.Ordinal) ? reasons[o.Agency] : Explain(o.Code))).ToList());
        var payload = RoutingReceiptCodec.EncodePayload(receipt);
        var proven = await audit.RoutedAsync(verified, outcomes, payload, cancellationToken).ConfigureAwait(false);
        await receipts.SendAsync(receipt, payload, proven, cancellationToken).ConfigureAwait(false);

        foreach (var withheld in outcomes.Where(o => !o.Delivered))
        {
            logger.RecipientWithheld(envelopeId, withheld.Agency.Value, withheld.Code, withheld.Rule);
        }

        logger.EnvelopeRouted(envelopeId, header.Sender.Value, receipt.DeliveredTo.Count, receipt.Withheld.Count);
        return outcomes;
    }

    /// <summary>The receipt's reason for a code the policy did not give (a <c>policy-*</c> code carries the evaluator's own line).</summary>
    private static string Explain(string code) => code switch
    {
        "stanza-missing" => "the envelope carries no key stanza for this recipient",
        "no-delivery-queue" => "the recipient has no delivery queue on the hub",
        _ => "withheld by policy",
    };
}
