namespace Broker.Hub.Claims;

/// <summary>The result of claiming an envelope id before routing it.</summary>
public enum ClaimResult
{
    /// <summary>This instance now owns the envelope: route it, then <see cref="IEnvelopeClaims.CompleteAsync"/>.</summary>
    Claimed,

    /// <summary>The id was seen before and this is a new copy (or different bytes): reject it as replayed.</summary>
    Replayed,

    /// <summary>A redelivery of an envelope whose routing already completed (the ack was lost): ack without routing again.</summary>
    AlreadyCompleted,
}

/// <summary>
/// The hub's anti-replay state: a durable claim per envelope id seen, kept until the envelope expires (plus clock skew) and
/// shared by every hub instance. It tells a replay (a second publish of an id) from a broker redelivery of the same message
/// (redelivered flag, same bytes): a redelivered message whose routing is unfinished is taken over (the previous holder died),
/// one that finished is acked.
/// </summary>
public interface IEnvelopeClaims
{
    ValueTask<ClaimResult> TryClaimAsync(EnvelopeClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Marks the envelope routed; later copies are replays, later redeliveries are acked.</summary>
    ValueTask CompleteAsync(string envelopeId, CancellationToken cancellationToken = default);

    /// <summary>Removes claims whose retention has passed; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <param name="EnvelopeId">Hex id from the verified header.</param>
/// <param name="BodyHash">SHA-256 of the message body, to tell a redelivery (same bytes) from a different envelope reusing the id.</param>
/// <param name="RetainUntil">Envelope expiry plus the allowed clock skew.</param>
/// <param name="Redelivered">The broker's redelivered flag.</param>
/// <param name="Owner">This instance's id.</param>
/// <param name="Now">When the claim is made.</param>
public sealed record EnvelopeClaim(string EnvelopeId, byte[] BodyHash, DateTimeOffset RetainUntil, bool Redelivered, string Owner, DateTimeOffset Now);
