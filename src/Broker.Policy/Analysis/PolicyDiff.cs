using System.Globalization;
using System.Text;
using Broker.Policy.Evaluation;
using Broker.Policy.Model;

namespace Broker.Policy.Analysis;

/// <summary>How one (direction, local agency, peer agency, category) combination changed between two versions.</summary>
public sealed record PolicyChange(PolicyDirection Direction, AgencyId Local, AgencyId Peer, Category Category, string Before, string After, bool PermitsMore, bool PermitsLess);

/// <summary>
/// What a new version of a country's policy permits or denies that the old one did not, probed over every agency of the
/// directory, every category, every TLP and classification, without and with all handling codes, and every standard data class.
/// Each side is compared on its own (outbound or inbound); the other country's policy is not involved.
/// </summary>
public static class PolicyDiff
{
    public static IReadOnlyList<PolicyChange> Compare(SharingPolicy before, SharingPolicy after, IAgencyDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(directory);
        if (before.Country != after.Country)
        {
            throw new InvalidOperationException($"Cannot diff a {before.Country} policy against a {after.Country} policy.");
        }

        var changes = new List<PolicyChange>();
        var locals = directory.Agencies.Where(a => a.Country == before.Country).ToArray();
        foreach (var direction in new[] { PolicyDirection.Outbound, PolicyDirection.Inbound })
        {
            foreach (var local in locals)
            {
                foreach (var peer in directory.Agencies.Where(a => a.Id != local.Id))
                {
                    foreach (var category in Enum.GetValues<Category>())
                    {
                        var old = Capability.Of(before, direction, local, peer, category);
                        var now = Capability.Of(after, direction, local, peer, category);
                        if (!old.Equals(now))
                        {
                            changes.Add(new PolicyChange(direction, local.Id, peer.Id, category, old.Describe(), now.Describe(), !now.IsSubsetOf(old), !old.IsSubsetOf(now)));
                        }
                    }
                }
            }
        }

        return changes;
    }

    /// <summary>Groups identical changes so a reader sees each distinct change once, with whom and what it affects.</summary>
    public static string Describe(IReadOnlyList<PolicyChange> changes, SharingPolicy before, SharingPolicy after)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{before.Country} policy v{before.Version} -> v{after.Version}: {changes.Count} changed combination(s)");
        if (changes.Count == 0)
        {
            text.AppendLine("No difference in what is permitted.");
        }

        foreach (var group in changes.GroupBy(c => (c.Direction, c.Before, c.After, c.PermitsMore, c.PermitsLess)).OrderBy(g => g.Key.Direction).ThenByDescending(g => g.Count()))
        {
            var sign = group.Key.PermitsMore && !group.Key.PermitsLess ? "+ PERMITS" : group.Key.PermitsLess && !group.Key.PermitsMore ? "- DENIES" : "~ CHANGES";
            var arrow = group.Key.Direction == PolicyDirection.Outbound ? "->" : "<-";
            text.AppendLine(CultureInfo.InvariantCulture, $"{sign} ({group.Key.Direction.ToString().ToLowerInvariant()}), {group.Count()} combination(s)");
            text.AppendLine(CultureInfo.InvariantCulture, $"    before: {group.Key.Before}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    after:  {group.Key.After}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    categories: {string.Join(", ", group.Select(c => Wire.Name(c.Category)).Distinct())}");
            var pairs = group.Select(c => $"{c.Local} {arrow} {c.Peer}").Distinct().ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"    agencies: {string.Join(", ", pairs.Take(12))}{(pairs.Length > 12 ? $" and {pairs.Length - 12} more" : string.Empty)}");
        }

        return text.ToString();
    }
}
