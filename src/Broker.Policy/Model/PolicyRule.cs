using System.Collections.Frozen;

namespace Broker.Policy.Model;

/// <summary>
/// One validated rule. It applies when the local agency, the peer agency and the category all match. An allow rule then admits
/// the alert only if its TLP and classification are at most the maxima and it carries every required handling code; it admits a
/// view only if no data class of the view is withheld and every non-standard class is named in <see cref="CustomClasses"/>.
/// </summary>
public sealed record PolicyRule
{
    public required string Id { get; init; }

    public required PolicyDirection Direction { get; init; }

    public required RuleEffect Effect { get; init; }

    public string? Description { get; init; }

    public required PeerSelector Peer { get; init; }

    public required LocalSelector Local { get; init; }

    /// <summary>Empty means every category (<c>"*"</c> in the document).</summary>
    public required FrozenSet<Category> Categories { get; init; }

    public Tlp MaxTlp { get; init; }

    public Classification MaxClassification { get; init; }

    public IReadOnlyList<string> Withhold { get; init; } = [];

    public IReadOnlyList<string> CustomClasses { get; init; } = [];

    public HandlingCodes RequireHandling { get; init; }

    public bool AppliesTo(AgencyId local, AuthorityType localAuthority, AgencyId peer, AuthorityType peerAuthority, Category category) =>
        AppliesTo(local, localAuthority, peer, peer.Country, peerAuthority, category);

    public bool AppliesTo(AgencyId local, AuthorityType localAuthority, AgencyId peer, CountryCode peerCountry, AuthorityType peerAuthority, Category category) =>
        (Categories.Count == 0 || Categories.Contains(category))
        && Local.Matches(local, localAuthority)
        && Peer.Matches(peer, peerCountry, peerAuthority);

    /// <summary>True when this rule lets the peer receive content of the given class.</summary>
    public bool Permits(DataClass dataClass) =>
        !DataClassRules.MatchesAny(Withhold, dataClass)
        && (DataClassRules.IsKnown(dataClass) || DataClassRules.MatchesAny(CustomClasses, dataClass));
}
