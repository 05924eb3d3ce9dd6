using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Broker.Policy.Evaluation;

/// <summary>Standing of an agency in the trust registry. Only <see cref="Active"/> agencies send or receive.</summary>
public enum AgencyState
{
    Active = 1,
    Suspended = 2,
    Revoked = 3,
}

/// <summary>What the evaluator knows about an agency; hosts build these from the trust registry.</summary>
public sealed record DirectoryAgency(AgencyId Id, AuthorityType Authority, AgencyState State, string? Name = null)
{
    public CountryCode Country { get; } = Id.Country;
}

/// <summary>The agencies the evaluator may consider as senders and recipients. An agency that is not listed receives nothing.</summary>
public interface IAgencyDirectory
{
    IReadOnlyList<DirectoryAgency> Agencies { get; }

    bool TryFind(AgencyId id, [NotNullWhen(true)] out DirectoryAgency? agency);
}

/// <summary>An immutable <see cref="IAgencyDirectory"/> over a list; agencies are kept sorted by id.</summary>
public sealed class AgencyDirectory : IAgencyDirectory
{
    private readonly FrozenDictionary<AgencyId, DirectoryAgency> _byId;

    public AgencyDirectory(IEnumerable<DirectoryAgency> agencies)
    {
        ArgumentNullException.ThrowIfNull(agencies);
        var list = agencies.OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToArray();
        var duplicate = list.GroupBy(a => a.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Agency {duplicate.Key} is listed more than once.", nameof(agencies));
        }

        Agencies = list;
        _byId = list.ToFrozenDictionary(a => a.Id);
    }

    public IReadOnlyList<DirectoryAgency> Agencies { get; }

    public bool TryFind(AgencyId id, [NotNullWhen(true)] out DirectoryAgency? agency) => _byId.TryGetValue(id, out agency);
}
