using System.Collections.Frozen;

namespace Broker.Policy.Model;

/// <summary>
/// The other side of a rule: an agency matches when its country (directly or through a group) or its id is listed, and, if
/// authorities are listed, its authority type is one of them. An empty selector matches nobody.
/// </summary>
public sealed record PeerSelector
{
    public required FrozenSet<CountryCode> Countries { get; init; }

    /// <summary>Group names as written, kept for explanations; their members are already in <see cref="Countries"/>.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    public required FrozenSet<AgencyId> Agencies { get; init; }

    /// <summary>Empty means any authority type.</summary>
    public required FrozenSet<AuthorityType> Authorities { get; init; }

    public bool Matches(AgencyId agency, AuthorityType authority) => Matches(agency, agency.Country, authority);

    public bool Matches(AgencyId agency, CountryCode country, AuthorityType authority) =>
        (Countries.Contains(country) || Agencies.Contains(agency))
        && (Authorities.Count == 0 || Authorities.Contains(authority));
}

/// <summary>The policy country's own agencies a rule applies to. Empty lists mean all of them.</summary>
public sealed record LocalSelector
{
    public static LocalSelector All { get; } = new() { Agencies = FrozenSet<AgencyId>.Empty, Authorities = FrozenSet<AuthorityType>.Empty };

    public required FrozenSet<AgencyId> Agencies { get; init; }

    public required FrozenSet<AuthorityType> Authorities { get; init; }

    public bool Matches(AgencyId agency, AuthorityType authority) =>
        (Agencies.Count == 0 || Agencies.Contains(agency)) && (Authorities.Count == 0 || Authorities.Contains(authority));
}
