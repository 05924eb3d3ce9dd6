using System.Collections.Frozen;
using Broker.Policy.Model;

namespace Broker.Policy.Loading;

public static partial class PolicyParser
{
    private static SharingPolicy? Build(
        string source, PolicyDocumentJson dto, ReadOnlySpan<byte> document, CountryCode? expectedCountry, List<PolicyError> errors)
    {
        var country = new CountryCode(dto.Country);
        if (expectedCountry is { } expected && expected != country)
        {
            errors.Add(new PolicyError(source, "$.country", $"the policy is for {country} but was supplied as {expected}'s policy"));
        }

        var effective = ParseEffective(dto.Effective, source, errors);
        var groups = BuildGroups(source, dto, errors);
        var context = new RuleContext(source, country, groups, errors);
        var outbound = dto.Outbound.Select((r, i) => BuildRule(context, r, PolicyDirection.Outbound, $"$.outbound[{i}]")).ToList();
        var inbound = dto.Inbound.Select((r, i) => BuildRule(context, r, PolicyDirection.Inbound, $"$.inbound[{i}]")).ToList();
        CheckUniqueIds(source, dto, errors);
        if (errors.Count > 0 || effective is null)
        {
            return null;
        }

        return new SharingPolicy
        {
            Country = country,
            Version = dto.Version,
            Effective = effective.Value,
            Title = dto.Title,
            Illustrative = dto.Illustrative,
            Digest = Digest(document),
            Outbound = outbound.OfType<PolicyRule>().OrderBy(r => r.Id, StringComparer.Ordinal).ToArray(),
            Inbound = inbound.OfType<PolicyRule>().OrderBy(r => r.Id, StringComparer.Ordinal).ToArray(),
        };
    }

    private static Dictionary<string, FrozenSet<CountryCode>> BuildGroups(string source, PolicyDocumentJson dto, List<PolicyError> errors)
    {
        var groups = CountryGroups.BuiltIn.ToDictionary(StringComparer.Ordinal);
        foreach (var (name, members) in dto.Groups ?? [])
        {
            if (CountryGroups.BuiltIn.ContainsKey(name))
            {
                errors.Add(new PolicyError(source, $"$.groups['{name}']", $"'{name}' is a built-in group and cannot be redefined"));
                continue;
            }

            groups[name] = members.Select(c => new CountryCode(c)).ToFrozenSet();
        }

        return groups;
    }

    private static void CheckUniqueIds(string source, PolicyDocumentJson dto, List<PolicyError> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = dto.Outbound.Select((r, i) => (r.Id, Path: $"$.outbound[{i}].id"))
            .Concat(dto.Inbound.Select((r, i) => (r.Id, Path: $"$.inbound[{i}].id")));
        foreach (var (id, path) in all)
        {
            if (!seen.TryAdd(id, path))
            {
                errors.Add(new PolicyError(source, path, $"rule id '{id}' is already used at {seen[id]}; rule ids must be unique in a policy"));
            }
        }
    }

    private sealed record RuleContext(
        string Source, CountryCode Country, Dictionary<string, FrozenSet<CountryCode>> Groups, List<PolicyError> Errors);
}
