using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Broker.Policy.Model;

namespace Broker.Policy.Store;

/// <summary>
/// An immutable set of validated policy versions, all countries, with history. The version in force for a country at time t is
/// the highest version whose effective date is at or before t; before the first effective date the country has no policy, so its
/// agencies neither send nor receive (default deny). Keeping history lets auditors replay old decisions.
/// </summary>
public sealed class PolicySet
{
    private readonly FrozenDictionary<CountryCode, SharingPolicy[]> _byCountry;

    private PolicySet(FrozenDictionary<CountryCode, SharingPolicy[]> byCountry) => _byCountry = byCountry;

    public static PolicySet Empty { get; } = new(FrozenDictionary<CountryCode, SharingPolicy[]>.Empty);

    public IReadOnlyCollection<CountryCode> Countries => _byCountry.Keys;

    /// <summary>Builds a set from trusted, already verified policies (tools, tests, replay). Throws on conflicting versions.</summary>
    public static PolicySet Create(IEnumerable<SharingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var set = Empty;
        foreach (var policy in policies.OrderBy(p => p.Country.Value, StringComparer.Ordinal).ThenBy(p => p.Version))
        {
            if (!set.TryAdd(policy, out var next, out var error))
            {
                throw new InvalidOperationException(error);
            }

            set = next;
        }

        return set;
    }

    public IReadOnlyList<SharingPolicy> Versions(CountryCode country) =>
        _byCountry.TryGetValue(country, out var versions) ? versions : [];

    public SharingPolicy? Latest(CountryCode country) =>
        _byCountry.TryGetValue(country, out var versions) ? versions[^1] : null;

    public bool TryGetInForce(CountryCode country, DateTimeOffset at, [NotNullWhen(true)] out SharingPolicy? policy)
    {
        policy = null;
        if (!_byCountry.TryGetValue(country, out var versions))
        {
            return false;
        }

        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (versions[i].Effective <= at)
            {
                policy = versions[i];
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<SharingPolicy> InForce(DateTimeOffset at) =>
        _byCountry.Keys.Order().Select(c => TryGetInForce(c, at, out var p) ? p : null).OfType<SharingPolicy>().ToArray();

    /// <summary>
    /// Returns a new set with <paramref name="policy"/> added. Refused: a version not above the latest (no rollback to an older
    /// signed version), or an effective date before the latest version's (versions take effect in order).
    /// </summary>
    public bool TryAdd(SharingPolicy policy, [NotNullWhen(true)] out PolicySet? next, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(policy);
        next = null;
        var versions = Versions(policy.Country);
        if (versions.Count > 0)
        {
            var latest = versions[^1];
            if (policy.Version <= latest.Version)
            {
                error = $"{policy.Country} policy version {policy.Version} is not newer than version {latest.Version} already loaded";
                return false;
            }

            if (policy.Effective < latest.Effective)
            {
                error = $"{policy.Country} policy version {policy.Version} takes effect {policy.Effective:O}, before version {latest.Version} ({latest.Effective:O})";
                return false;
            }
        }

        var map = _byCountry.ToDictionary();
        map[policy.Country] = [.. versions, policy];
        next = new PolicySet(map.ToFrozenDictionary());
        error = null;
        return true;
    }
}
