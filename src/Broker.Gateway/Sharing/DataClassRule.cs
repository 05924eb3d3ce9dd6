using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Sharing;

/// <summary>Decides which of an alert's data classes a recipient must not receive.</summary>
internal interface IDataClassRule
{
    IReadOnlySet<DataClass> Withheld(AgencyId recipient, IReadOnlyList<DataClass> present);
}

/// <summary>The configured per-country rule (<see cref="SharingOptions"/>). Classes not allowed are withheld, unknown ones included.</summary>
internal sealed class ConfiguredDataClassRule(SharingOptions options) : IDataClassRule
{
    public IReadOnlySet<DataClass> Withheld(AgencyId recipient, IReadOnlyList<DataClass> present)
    {
        var allowed = options.Countries.TryGetValue(recipient.Country.Value, out var classes) ? classes : options.DefaultDataClasses;
        if (allowed.Contains(SharingOptions.AllClasses, StringComparer.Ordinal))
        {
            return new HashSet<DataClass>();
        }

        return present.Where(c => !allowed.Contains(c.Value, StringComparer.Ordinal)).ToHashSet();
    }
}
