using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Audit;

public enum AuditMode
{
    /// <summary>One hub instance: it runs the sequencer and appends in process (the default).</summary>
    Direct,

    /// <summary>Several instances: each publishes its records on hub-internal to the single sequencer (<see cref="AuditOptions.RunSequencer"/>).</summary>
    Bus,

    /// <summary>
    /// Benchmark only: decisions are made but not appended, so <c>bench-hub --no-audit</c> can measure what the log costs. The hub
    /// then keeps no record of its decisions; a deployment must never run this way.
    /// </summary>
    Off,
}

public enum AuditStoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>The audit log (protocols/audit-log.md): where it is stored, how records reach the sequencer, and tree-head timing.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    public AuditMode Mode { get; set; } = AuditMode.Direct;
    public AuditStoreKind Store { get; set; } = AuditStoreKind.Sqlite;
    [Required] public string SqlitePath { get; set; } = "data/audit.db";
    public string? PostgresConnectionString { get; set; }
    [Required] public string PostgresSchema { get; set; } = "broker_audit";

    /// <summary>Names the log inside every signed tree head.</summary>
    [Required] public string LogId { get; set; } = "broker-audit";

    /// <summary>Seconds between scheduled signed tree heads (only when the log grew); 0 = on demand only.</summary>
    [Range(0, 86_400)] public int TreeHeadIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Least milliseconds between two tree heads signed for routing receipts: under load one signature then proves every
    /// receipt of the interval, at the cost of at most this much latency per receipt; 0 signs one head per receipt burst.
    /// </summary>
    [Range(0, 1_000)] public int ReceiptTreeHeadSpacingMilliseconds { get; set; } = 10;

    /// <summary>In <see cref="AuditMode.Bus"/>: this instance hosts the single sequencer (exactly one instance should).</summary>
    public bool RunSequencer { get; set; } = true;
}

[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;
