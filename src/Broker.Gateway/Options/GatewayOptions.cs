using System.ComponentModel.DataAnnotations;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Options;

/// <summary>One agency's gateway: who it is, where its state and keys live, and how hard it works. Bad values fail startup.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>This gateway's agency (<c>TH-ONCB</c>); also its AMQP user on the hub and the routing key suffix.</summary>
    [Required] public string Agency { get; set; } = "";

    /// <summary>SQLite file for the outbox, inbox and receipts.</summary>
    [Required] public string StorePath { get; set; } = "gateway.db";

    /// <summary>The agency's passphrase-protected key file (AgencyKeys.ExportProtected).</summary>
    [Required] public string KeyFilePath { get; set; } = "";

    /// <summary>The key file's passphrase; set it from the environment (<c>Gateway__KeyPassphrase</c>), never in a committed file.</summary>
    [Required] public string KeyPassphrase { get; set; } = "";

    /// <summary>The signed trust registry file.</summary>
    [Required] public string RegistryPath { get; set; } = "";

    /// <summary>The registry anchor's public key: Ed25519 (32 B) then ML-DSA-65 (1952 B), raw or base64 text.</summary>
    [Required] public string TrustAnchorPath { get; set; } = "";

    /// <summary>
    /// The trust state file keeping the newest registry ever accepted, read before <see cref="RegistryPath"/> at start-up so an older
    /// registry file is refused after a restart (protocols/keys-and-registry.md). Empty: <c>&lt;StorePath&gt;.registry-state.json</c>.
    /// </summary>
    public string RegistryStatePath { get; set; } = "";

    [Range(1024, 4 * 1024 * 1024)] public int MaxAlertBytes { get; set; } = 256 * 1024;
    [Range(1, 1000)] public ushort Prefetch { get; set; } = 20;
    [Range(1, 64)] public ushort Concurrency { get; set; } = 4;

    /// <summary>
    /// Deliveries of one <c>gateway.outbound</c> message after which a transient failure (store, agency broker) refuses it
    /// with <c>retries-exhausted</c> (protocols/amqp.md §2.7); below the queue's <c>x-delivery-limit</c>, which stays the backstop.
    /// </summary>
    [Range(1, 50)] public int OutboundMaxAttempts { get; set; } = 5;

    /// <summary>Readiness fails when <c>gateway.outbound</c> has not moved for this long: one message in a handler, or only failures, since then.</summary>
    [Range(5, 3600)] public int OutboundStallSeconds { get; set; } = 60;

    /// <summary>How often the outbox drainer looks for due entries when nothing wakes it.</summary>
    [Range(50, 60_000)] public int DrainIntervalMilliseconds { get; set; } = 1000;
    [Range(1, 1000)] public int DrainBatchSize { get; set; } = 50;

    /// <summary>
    /// How many due outbox entries one pass seals and publishes at once. Each entry waits mostly on confirms and SQLite
    /// commits, so a few in flight keep the hub busy; after a transient failure the next pass starts with one.
    /// </summary>
    [Range(1, 64)] public int DrainConcurrency { get; set; } = 8;

    /// <summary>Backoff of an outbox entry after a failed attempt: exponential from the base, capped, with jitter.</summary>
    [Range(10, 60_000)] public int RetryBaseMilliseconds { get; set; } = 500;
    [Range(100, 3_600_000)] public int RetryMaxMilliseconds { get; set; } = 60_000;

    /// <summary>Send a signed delivery receipt (envelope kind DeliveryReceipt) to the sender of each alert delivered here.</summary>
    public bool SendDeliveryReceipts { get; set; } = true;

    public AgencyId AgencyId => AgencyId.Parse(Agency);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AgencyId.TryParse(Agency, out _))
        {
            yield return new ValidationResult("Gateway:Agency must be an agency id such as TH-ONCB.", [nameof(Agency)]);
        }
    }
}

[OptionsValidator]
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
