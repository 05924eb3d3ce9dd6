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
    private readonly FrozenDictionary<CountryCode, CompiledPolicy[]> _byCountry;

    private PolicySet(FrozenDictionary<CountryCode, CompiledPolicy[]> byCountry) => _byCountry = byCountry;

    public static PolicySet Empty { get; } = new(FrozenDictionary<CountryCode, CompiledPolicy[]>.Empty);

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
        _byCountry.TryGetValue(country, out var versions) ? versions.Select(v => v.Policy).ToArray() : [];

    public SharingPolicy? Latest(CountryCode country) =>
        _byCountry.TryGetValue(country, out var versions) ? versions[^1].Policy : null;

    public bool TryGetInForce(CountryCode country, DateTimeOffset at, [NotNullWhen(true)] out SharingPolicy? policy)
    {
        var found = TryGetCompiled(country, at, out var compiled);
        policy = compiled?.Policy;
        return found;
    }

    internal bool TryGetCompiled(CountryCode country, DateTimeOffset at, [NotNullWhen(true)] out CompiledPolicy? policy)
    {
        policy = null;
        if (!_byCountry.TryGetValue(country, out var versions))
        {
            return false;
        }

        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (versions[i].Policy.Effective <= at)
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
        var versions = _byCountry.TryGetValue(policy.Country, out var known) ? known : [];
        if (versions.Length > 0)
        {
            var latest = versions[^1].Policy;
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
        map[policy.Country] = [.. versions, new CompiledPolicy(policy)];
        next = new PolicySet(map.ToFrozenDictionary());
        error = null;
        return true;
    }
}
