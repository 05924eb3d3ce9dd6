using System.Security.Cryptography;
using Broker.Hosting.Rabbit;
using Broker.Hub.Audit;
using Broker.Hub.Decisions;
using Broker.Hub.Options;
using Broker.Hub.Replay;
using Broker.Hub.Routing;
using Broker.Hub.Telemetry;
using Broker.Hub.Trust;
using Broker.Protocol;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Ingress;

/// <summary>
/// Routes one ingress message: authenticate (AMQP user-id = envelope sender), verify, refuse replays, decide per recipient,
/// deliver stripped copies with confirms, record the decision, send the signed receipt, mark the id routed. Returns
/// <see cref="DeliveryDisposition.Ack"/> only when all of that is durable; bad input is dead-lettered and acked.
/// Transient broker or store failures throw, and the consumer requeues the message.
/// </summary>
public sealed partial class IngressRouter
{
    private readonly RoutingOptions _options;
    private readonly ITrustRegistrySource _trust;
    private readonly IReceiptSigner _signer;
    private readonly IRoutingPolicy _policy;
    private readonly IReplayCache _replay;
    private readonly IDecisionRecorder _recorder;
    private readonly IConfirmedPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly HubMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IAuditTrail _audit;

    public IngressRouter(IOptions<RoutingOptions> options, ITrustRegistrySource trust, IReceiptSigner signer, IRoutingPolicy policy, IReplayCache replay,
        IDecisionRecorder recorder, IConfirmedPublisher publisher, TimeProvider time, HubMetrics metrics, ILogger<IngressRouter> logger)
        : this(options, trust, signer, policy, replay, recorder, publisher, time, metrics, logger, NoAuditTrail.Instance)
    {
    }

    public IngressRouter(IOptions<RoutingOptions> options, ITrustRegistrySource trust, IReceiptSigner signer, IRoutingPolicy policy, IReplayCache replay,
        IDecisionRecorder recorder, IConfirmedPublisher publisher, TimeProvider time, HubMetrics metrics, ILogger<IngressRouter> logger, IAuditTrail audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        _audit = audit;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _trust = trust;
        _signer = signer;
        _policy = policy;
        _replay = replay;
        _recorder = recorder;
        _publisher = publisher;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        Instance = _options.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
    }

    public string Instance { get; }

    public async Task<DeliveryDisposition> RouteAsync(InboundDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var started = _time.GetTimestamp();
        var registry = _trust.Current;
        var sender = Authenticate(delivery.UserId, registry);
        var context = new RouteContext(delivery, sender, registry, started);

        // The size is checked before any parsing: an oversized body is never handed to the CBOR reader.
        if (delivery.Body.Length > _options.MaxEnvelopeBytes)
        {
            return await RejectAsync(context, null, new(RejectCodes.TooLarge, $"body of {delivery.Body.Length} bytes exceeds the cap of {_options.MaxEnvelopeBytes}"), cancellationToken).ConfigureAwait(false);
        }

        if (delivery.UserId is null)
        {
            return await RejectAsync(context, null, new(RejectCodes.UserIdMissing, "the message has no AMQP user-id"), cancellationToken).ConfigureAwait(false);
        }

        if (sender is null)
        {
            return await RejectAsync(context, null, new(RejectCodes.UnknownSender, "the AMQP user is not an agency in the trust registry"), cancellationToken).ConfigureAwait(false);
        }

        if (!Envelope.TryReadHeader(delivery.Body.Span, out var header, out var reason))
        {
            return await RejectAsync(context, null, ProtocolRejection(reason, "the body is not a well-formed envelope"), cancellationToken).ConfigureAwait(false);
        }

        var envelopeId = header.Id.ToString();
        if (header.Sender != sender.Value)
        {
            return await RejectAsync(context, envelopeId, new(RejectCodes.SenderMismatch, $"the envelope names sender {header.Sender} but the AMQP user is {sender}"), cancellationToken).ConfigureAwait(false);
        }

        var verifiedAt = AuditTime();
        if (!Envelope.TryVerify(delivery.Body, registry, verifiedAt, out var verified, out reason))
        {
            await _audit.AppendAsync([Received(header, delivery.Body), Verification(envelopeId, reason, registry, verifiedAt)], delivery.Body, cancellationToken).ConfigureAwait(false);
            return await RejectAsync(context, envelopeId, ProtocolRejection(reason, "the envelope failed verification"), cancellationToken).ConfigureAwait(false);
        }

        var claim = new ReplayClaim(envelopeId, SHA256.HashData(delivery.Body.Span), header.Expires + ProtocolLimits.MaxClockSkew, delivery.Redelivered, Instance, _time.GetUtcNow());
        switch (await _replay.TryClaimAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            case ClaimResult.Replay:
                return await RejectAsync(context, envelopeId, new(RejectCodes.Replayed, "an envelope with this id was already received"), cancellationToken).ConfigureAwait(false);
            case ClaimResult.AlreadyCompleted:
                _logger.DuplicateRedelivery(envelopeId);
                return DeliveryDisposition.Ack;
            case ClaimResult.Claimed:
                break;
        }

        await RouteVerifiedAsync(context, verified, claim.BodyHash, verifiedAt, cancellationToken).ConfigureAwait(false);
        // Not awaited: "completed" only lets a redelivery after a lost ack skip re-routing. If it is lost in a crash, the
        // redelivered message is routed again (at-least-once; the recipient gateway drops the duplicate by envelope id).
        _ = MarkCompletedAsync(envelopeId);
        return DeliveryDisposition.Ack;
    }

    private async Task MarkCompletedAsync(string envelopeId)
    {
        try
        {
            await _replay.CompleteAsync(envelopeId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.ReplayCompletionFailed(envelopeId, ex);
        }
    }

    private static AgencyId? Authenticate(string? userId, TrustRegistry registry) =>
        AgencyId.TryParse(userId, out var id) && registry.TryFindAgency(id, out _) ? id : null;

    private static IngressRejection ProtocolRejection(RejectReason reason, string what) =>
        new(RejectCodes.From(reason), $"{what}: {reason} ({(int)reason})", reason);

    private sealed record RouteContext(InboundDelivery Delivery, AgencyId? Sender, TrustRegistry Registry, long Started);
}
