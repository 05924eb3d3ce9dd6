using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Options;

/// <summary>The routing core's AMQP names (TOPOLOGY.md), input cap and parallelism.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>
    /// Each sending agency has its own ingress queue, this prefix + its id (<c>hub.ingress.TH-ONCB</c>); the core consumes the
    /// queue of every agency in the trust registry, each with its own <see cref="Prefetch"/> window (protocols/amqp.md §3.5).
    /// </summary>
    [Required] public string IngressQueuePrefix { get; set; } = "hub.ingress.";
    [Required] public string DeliveryExchange { get; set; } = "hub.delivery";
    [Required] public string DeadLetterExchange { get; set; } = "hub.dlx";

    /// <summary>The hub's AMQP user; every message the core publishes carries it as <c>user_id</c> (RabbitMQ validates it).</summary>
    [Required] public string HubUserId { get; set; } = "hub-core";

    /// <summary>
    /// Messages larger than this are dead-lettered as <c>too-large</c> before any parsing. The smallest size bound: below the
    /// client's <c>Rabbit:MaxInboundMessageBytes</c> and the node's <c>max_message_size</c> (checked at startup).
    /// </summary>
    [Range(1024, Protocol.ProtocolLimits.MaxEnvelopeBytes)] public int MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Unacked messages the broker may push to this instance from each sender's queue. It bounds how many of one agency's
    /// messages can be queued in this instance ahead of another agency's (fair scheduling), so it stays near <see cref="Concurrency"/>.
    /// </summary>
    [Range(1, 10_000)] public int Prefetch { get; set; } = 32;

    /// <summary>Readiness fails when messages are in flight and none was routed or rejected for this many seconds.</summary>
    [Range(1, 86_400)] public int StallSeconds { get; set; } = 60;

    /// <summary>
    /// A registry agency whose ingress queue does not exist is skipped (readiness Degraded, the others consumed) and looked
    /// for again this often (protocols/amqp.md §3.5).
    /// </summary>
    [Range(1, 3_600)] public int MissingQueueRescanSeconds { get; set; } = 30;

    /// <summary>
    /// Messages in flight in this instance. Verification is CPU-bound but most of a message's time is spent waiting for
    /// confirms and group commits, so this is well above the core count.
    /// </summary>
    [Range(1, 512)] public int Concurrency { get; set; } = 32;

    /// <summary>Name of this instance in logs, envelope claims and <c>x-rejected-by</c>; defaults to host name + process id.</summary>
    public string? InstanceId { get; set; }

    /// <summary><see cref="InstanceId"/>, or host name + process id when it is not set.</summary>
    public string InstanceName => InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}

[OptionsValidator]
internal sealed partial class RoutingOptionsValidator : IValidateOptions<RoutingOptions>;
