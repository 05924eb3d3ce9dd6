using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Options;

public enum ReplayStoreKind
{
    /// <summary>One machine: a WAL-mode SQLite file shared by every instance on it.</summary>
    Sqlite,

    /// <summary>Several machines: one PostgreSQL table shared by every instance.</summary>
    Postgres,
}

/// <summary>The replay cache (envelope ids seen, kept until expiry) that also de-duplicates between hub instances.</summary>
public sealed class ReplayCacheOptions
{
    public const string SectionName = "ReplayCache";

    public ReplayStoreKind Store { get; set; } = ReplayStoreKind.Sqlite;
    [Required] public string SqlitePath { get; set; } = "data/replay-cache.db";
    public string? PostgresConnectionString { get; set; }
    [Range(10, 86_400)] public int PurgeIntervalSeconds { get; set; } = 300;
}

public enum DecisionSink
{
    /// <summary>No separate decision record: the audit log (section Audit) holds every decision.</summary>
    None,

    /// <summary>Append JSON lines to a local file (fsync before the ack).</summary>
    File,

    /// <summary>Publish each decision on the hub-internal bus (MassTransit, confirmed) to the single sequencer consumer.</summary>
    Bus,
}

/// <summary>Where routing decisions are recorded until the audit log replaces the sink.</summary>
public sealed class DecisionOptions
{
    public const string SectionName = "Decisions";

    public DecisionSink Sink { get; set; } = DecisionSink.File;
    [Required] public string FilePath { get; set; } = "data/decisions.jsonl";

    /// <summary>Run the sequencer consumer in this instance (exactly one instance should, for <see cref="DecisionSink.Bus"/>).</summary>
    public bool RunSequencer { get; set; } = true;
}

/// <summary>The interim bilateral allow-list: entries <c>"TH-ONCB&lt;-&gt;RU-MVD"</c> (both ways) or <c>"TH-ONCB-&gt;MY-PDRM"</c> (one way).</summary>
public sealed class AllowListOptions
{
    public const string SectionName = "AllowList";

    public IList<string> Pairs { get; } = [];
}

[OptionsValidator]
internal sealed partial class ReplayCacheOptionsValidator : IValidateOptions<ReplayCacheOptions>;

[OptionsValidator]
internal sealed partial class DecisionOptionsValidator : IValidateOptions<DecisionOptions>;
