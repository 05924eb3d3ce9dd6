using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Options;

/// <summary>The routing core's AMQP names (TOPOLOGY.md), input cap and parallelism.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    [Required] public string IngressQueue { get; set; } = "hub.ingress";
    [Required] public string DeliveryExchange { get; set; } = "hub.delivery";
    [Required] public string DeadLetterExchange { get; set; } = "hub.dlx";

    /// <summary>The hub's AMQP user; every message the core publishes carries it as <c>user_id</c> (RabbitMQ validates it).</summary>
    [Required] public string HubUserId { get; set; } = "hub-core";

    /// <summary>Messages larger than this are dead-lettered as <c>too-large</c> before any parsing.</summary>
    [Range(1024, Protocol.ProtocolLimits.MaxEnvelopeBytes)] public int MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>Unacked messages the broker may push to this instance.</summary>
    [Range(1, 10_000)] public int Prefetch { get; set; } = 128;

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
