namespace Broker.Hub.Decisions;

/// <summary>Hub-internal event (MassTransit, vhost hub-internal): a routing core instance made <see cref="Decision"/>.</summary>
public sealed record DecisionRecorded(RoutingDecision Decision);

/// <summary>Hub-internal event: an envelope was routed; for lifecycle tracking and dashboards (not needed for durability).</summary>
public sealed record EnvelopeRouted(string EnvelopeId, string Sender, int Delivered, int Withheld, DateTimeOffset RoutedAt);
