namespace Broker.Policy.Model;

/// <summary>
/// One validated version of one country's sharing policy. Rules are held sorted by id, so no decision can depend on the order
/// in which they were written. Instances come only from <see cref="Loading.PolicyParser"/>, which refuses anything invalid.
/// </summary>
public sealed record SharingPolicy
{
    public required CountryCode Country { get; init; }

    public required long Version { get; init; }

    public required DateTimeOffset Effective { get; init; }

    public string? Title { get; init; }

    public bool Illustrative { get; init; }

    /// <summary>Lower-case hex SHA-256 of the exact document bytes.</summary>
    public required string Digest { get; init; }

    public required IReadOnlyList<PolicyRule> Outbound { get; init; }

    public required IReadOnlyList<PolicyRule> Inbound { get; init; }

    public PolicyVersionRef Ref => new(Country, Version, Digest);

    public IReadOnlyList<PolicyRule> Rules(PolicyDirection direction) => direction == PolicyDirection.Outbound ? Outbound : Inbound;
}
