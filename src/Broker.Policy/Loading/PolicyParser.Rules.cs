using System.Collections.Frozen;
using Broker.Policy.Model;

namespace Broker.Policy.Loading;

public static partial class PolicyParser
{
    private static PolicyRule? BuildRule(RuleContext context, RuleJson rule, PolicyDirection direction, string path)
    {
        var errorsBefore = context.Errors.Count;
        var peerName = direction == PolicyDirection.Outbound ? "to" : "from";
        var localName = direction == PolicyDirection.Outbound ? "from" : "to";
        var peerJson = direction == PolicyDirection.Outbound ? rule.To : rule.From;
        var localJson = direction == PolicyDirection.Outbound ? rule.From : rule.To;
        var effect = rule.Effect switch
        {
            "allow" => RuleEffect.Allow,
            "deny" => RuleEffect.Deny,
            _ => Error<RuleEffect>(context, $"{path}.effect", $"unknown effect '{rule.Effect}'; use allow or deny"),
        };
        var peer = BuildPeer(context, peerJson, $"{path}.{peerName}");
        var local = BuildLocal(context, localJson, $"{path}.{localName}");
        var categories = BuildCategories(context, rule.Categories, $"{path}.categories");
        var maxTlp = Tlp.Red;
        if (rule.MaxTlp is not null && !Wire.TryParse(rule.MaxTlp, out maxTlp))
        {
            Error<Tlp>(context, $"{path}.maxTlp", $"unknown TLP '{rule.MaxTlp}'");
        }

        var maxClassification = Classification.Secret;
        if (rule.MaxClassification is not null && !Wire.TryParse(rule.MaxClassification, out maxClassification))
        {
            Error<Classification>(context, $"{path}.maxClassification", $"unknown classification '{rule.MaxClassification}'");
        }

        var handling = HandlingCodes.None;
        foreach (var (code, i) in (rule.RequireHandling ?? []).Select((c, i) => (c, i)))
        {
            if (Wire.TryParseHandling(code, out var flag))
            {
                handling |= flag;
            }
            else
            {
                Error<HandlingCodes>(context, $"{path}.requireHandling[{i}]", $"unknown handling code '{code}'");
            }
        }

        if (context.Errors.Count > errorsBefore || peer is null || local is null || categories is null)
        {
            return null;
        }

        return new PolicyRule
        {
            Id = rule.Id,
            Direction = direction,
            Effect = effect,
            Description = rule.Description,
            Peer = peer,
            Local = local,
            Categories = categories,
            MaxTlp = maxTlp,
            MaxClassification = maxClassification,
            Withhold = rule.Withhold?.ToArray() ?? [],
            CustomClasses = rule.CustomClasses?.ToArray() ?? [],
            RequireHandling = handling,
        };
    }

    private static PeerSelector? BuildPeer(RuleContext context, SelectorJson? json, string path)
    {
        if (json is null || (json.Countries is null && json.Groups is null && json.Agencies is null))
        {
            Error<bool>(context, path, "a rule must name the other side: countries, groups or agencies");
            return null;
        }

        var countries = new HashSet<CountryCode>();
        foreach (var (code, i) in (json.Countries ?? []).Select((c, i) => (c, i)))
        {
            countries.Add(new CountryCode(code));
        }

        foreach (var (name, i) in (json.Groups ?? []).Select((g, i) => (g, i)))
        {
            if (context.Groups.TryGetValue(name, out var members))
            {
                countries.UnionWith(members);
            }
            else
            {
                Error<bool>(context, $"{path}.groups[{i}]", $"group '{name}' is not defined; define it under $.groups or use ASEAN or ASEAN+RU");
            }
        }

        return new PeerSelector
        {
            Countries = countries.ToFrozenSet(),
            Groups = json.Groups?.ToArray() ?? [],
            Agencies = (json.Agencies ?? []).Select(AgencyId.Parse).ToFrozenSet(),
            Authorities = BuildAuthorities(context, json.Authorities, $"{path}.authorities"),
        };
    }

    private static LocalSelector? BuildLocal(RuleContext context, SelectorJson? json, string path)
    {
        if (json is null)
        {
            return LocalSelector.All;
        }

        if (json.Countries is not null || json.Groups is not null)
        {
            Error<bool>(context, path, "the local side of a rule names only the policy country's own agencies or authority types");
            return null;
        }

        var agencies = new HashSet<AgencyId>();
        foreach (var (text, i) in (json.Agencies ?? []).Select((a, i) => (a, i)))
        {
            var agency = AgencyId.Parse(text);
            if (agency.Country != context.Country)
            {
                Error<bool>(context, $"{path}.agencies[{i}]", $"{agency} is not an agency of {context.Country}; a policy governs only its own agencies");
            }

            agencies.Add(agency);
        }

        return new LocalSelector { Agencies = agencies.ToFrozenSet(), Authorities = BuildAuthorities(context, json.Authorities, $"{path}.authorities") };
    }

    private static FrozenSet<AuthorityType> BuildAuthorities(RuleContext context, List<string>? names, string path)
    {
        var result = new HashSet<AuthorityType>();
        foreach (var (name, i) in (names ?? []).Select((n, i) => (n, i)))
        {
            if (Wire.TryParse(name, out AuthorityType authority))
            {
                result.Add(authority);
            }
            else
            {
                Error<bool>(context, $"{path}[{i}]", $"unknown authority type '{name}'");
            }
        }

        return result.ToFrozenSet();
    }

    private static FrozenSet<Category>? BuildCategories(RuleContext context, List<string> names, string path)
    {
        if (names.Contains("*"))
        {
            if (names.Count > 1)
            {
                Error<bool>(context, path, "'*' (every category) cannot be combined with named categories");
                return null;
            }

            return FrozenSet<Category>.Empty;
        }

        var result = new HashSet<Category>();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            if (Wire.TryParse(name, out Category category))
            {
                result.Add(category);
            }
            else
            {
                Error<bool>(context, $"{path}[{i}]", $"unknown category '{name}'");
            }
        }

        return result.Count == 0 ? null : result.ToFrozenSet();
    }

    private static T Error<T>(RuleContext context, string path, string reason)
    {
        context.Errors.Add(new PolicyError(context.Source, path, reason));
        return default!;
    }
}
