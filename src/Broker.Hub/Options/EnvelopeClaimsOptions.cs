using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Options;

public enum ClaimStoreKind
{
    /// <summary>One machine: a WAL-mode SQLite file shared by every instance on it.</summary>
    Sqlite,

    /// <summary>Several machines: one PostgreSQL table shared by every instance.</summary>
    Postgres,
}

/// <summary>The envelope claims (anti-replay: envelope ids seen, kept until expiry) that also de-duplicate between hub instances.</summary>
public sealed class EnvelopeClaimsOptions
{
    public const string SectionName = "EnvelopeClaims";

    public ClaimStoreKind Store { get; set; } = ClaimStoreKind.Sqlite;
    [Required] public string SqlitePath { get; set; } = "data/envelope-claims.db";
    public string? PostgresConnectionString { get; set; }
    [Range(10, 86_400)] public int PurgeIntervalSeconds { get; set; } = 300;
}

[OptionsValidator]
internal sealed partial class EnvelopeClaimsOptionsValidator : IValidateOptions<EnvelopeClaimsOptions>;
