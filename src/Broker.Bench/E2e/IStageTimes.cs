namespace Broker.Bench.E2e;

/// <summary>What the run observed of each alert, in Unix milliseconds on this machine's clock (<see cref="E2eProbe"/> in a run).</summary>
internal interface IStageTimes
{
    /// <summary>Every copy of the alert delivered so far, one per recipient.</summary>
    IReadOnlyCollection<DeliveredCopy> CopiesOf(string alertId);

    /// <summary>When the envelope reached the hub's ingress (its archive stream), if seen.</summary>
    long? IngressAt(string envelopeId);

    /// <summary>When the hub issued the envelope's routing receipt, if seen.</summary>
    long? RoutedAt(string envelopeId);
}

/// <summary>One delivered copy at one recipient's agency system: sealed (<c>created</c>), opened by the recipient gateway, arrived.</summary>
internal sealed record DeliveredCopy(string Recipient, string EnvelopeId, long Created, long VerifiedAt, long Arrived);
