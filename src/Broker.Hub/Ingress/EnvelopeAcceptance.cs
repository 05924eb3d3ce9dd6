using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Broker.Hub.Claims;
using Broker.Hub.Options;
using Broker.Protocol;
using Broker.Protocol.Envelopes;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Steps 6-7 of src/Broker.Hub/README.md: verifies an admitted envelope (suite, freshness, sender key, both signature halves,
/// view hashes, stanza keys) and claims its id. An envelope that fails verification is recorded in the audit log (received,
/// not accepted, archived) before it is rejected; a claimed id is marked completed once routing is durable.
/// </summary>
internal sealed class EnvelopeAcceptance(IEnvelopeClaims claims, IngressAudit audit, IOptions<RoutingOptions> options, TimeProvider time, ILogger<EnvelopeAcceptance> logger)
{
    private readonly string _instance = options.Value.InstanceName;

    public async Task<Acceptance> AcceptAsync(IngressMessage message, EnvelopeHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(header);
        var body = message.Delivery.Body;
        var envelopeId = header.Id.ToString();
        var verifiedAt = audit.Now();
        if (!Envelope.TryVerify(body, message.Registry, verifiedAt, out var verified, out var reason))
        {
            await audit.VerificationFailedAsync(header, body, reason, message.Registry, verifiedAt, cancellationToken).ConfigureAwait(false);
            return Acceptance.Rejected(IngressRejection.Protocol(reason, "the envelope failed verification"));
        }

        var claim = new EnvelopeClaim(envelopeId, SHA256.HashData(body.Span), header.Expires + ProtocolLimits.MaxClockSkew, message.Delivery.Redelivered, _instance, time.GetUtcNow());
        switch (await claims.TryClaimAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            case ClaimResult.Replayed:
                return Acceptance.Rejected(new(RejectCodes.Replayed, "an envelope with this id was already received"));
            case ClaimResult.AlreadyCompleted:
                logger.DuplicateRedelivery(envelopeId);
                return Acceptance.AlreadyRouted;
            case ClaimResult.Claimed:
            default:
                return new Acceptance(verified, verifiedAt, null);
        }
    }

    /// <summary>
    /// Not awaited by the router: "completed" only lets a redelivery after a lost ack skip re-routing. If it is lost in a crash, the
    /// redelivered message is routed again (at-least-once; the recipient gateway drops the duplicate by envelope id).
    /// </summary>
    public void Complete(string envelopeId) => _ = CompleteSafelyAsync(envelopeId);

    private async Task CompleteSafelyAsync(string envelopeId)
    {
        try
        {
            await claims.CompleteAsync(envelopeId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.ClaimCompletionFailed(envelopeId, ex);
        }
    }
}

/// <summary>
/// What <see cref="EnvelopeAcceptance"/> decided: accepted (the verified envelope and the instant used for freshness), rejected,
/// or a redelivery of an envelope already routed (ack without routing again).
/// </summary>
internal sealed record Acceptance(VerifiedEnvelope? Verified, DateTimeOffset VerifiedAt, IngressRejection? Rejection)
{
    public static Acceptance AlreadyRouted { get; } = new(null, default, null);

    [MemberNotNullWhen(true, nameof(Verified))]
    public bool IsAccepted => Verified is not null;

    public static Acceptance Rejected(IngressRejection rejection) => new(null, default, rejection);
}
