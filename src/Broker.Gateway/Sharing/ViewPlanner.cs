using Broker.Gateway.Alerts;
using Broker.Protocol.Vocabulary;

namespace Broker.Gateway.Sharing;

/// <summary>Views to seal (each used by at least one recipient) and which view each recipient gets.</summary>
internal sealed record ViewPlan(IReadOnlyList<AlertView> Views, IReadOnlyList<PlannedRecipient> Recipients);

internal sealed record PlannedRecipient(AgencyId Agency, int ViewIndex);

/// <summary>
/// Builds one view per distinct withheld set among the recipients (the full view when someone may see everything), in
/// order of first use, so every view is addressed (the envelope format refuses unused views). Also resolves the addressing (named agencies,
/// every agency of a named country, or everyone on a broadcast) against the registry's agencies, never the sender itself.
/// </summary>
internal static class ViewPlanner
{
    public static IReadOnlyList<AgencyId> ResolveRecipients(AlertAddressing addressing, AgencyId sender, IReadOnlyList<AgencyId> known)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        ArgumentNullException.ThrowIfNull(known);
        var knownSet = known.ToHashSet();
        var result = new SortedSet<string>(StringComparer.Ordinal);
        if (addressing.Broadcast)
        {
            result.UnionWith(known.Select(a => a.Value));
        }

        result.UnionWith(addressing.Agencies.Where(knownSet.Contains).Select(a => a.Value));
        result.UnionWith(known.Where(a => addressing.Countries.Contains(a.Country)).Select(a => a.Value));
        result.Remove(sender.Value);
        return [.. result.Select(AgencyId.Parse)];
    }

    public static ViewPlan Plan(ReadOnlySpan<byte> alertJson, IReadOnlyList<AgencyId> recipients, IDataClassRule rule)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(rule);
        var present = AlertRedactor.ClassesPresent(alertJson);
        var views = new List<AlertView>();
        var indexByWithheld = new Dictionary<string, int>(StringComparer.Ordinal);
        var planned = new List<PlannedRecipient>(recipients.Count);
        foreach (var recipient in recipients)
        {
            var withheld = rule.Withheld(recipient, present);
            var key = string.Join(',', withheld.Select(c => c.Value).Order(StringComparer.Ordinal));
            if (!indexByWithheld.TryGetValue(key, out var index))
            {
                index = views.Count;
                views.Add(AlertRedactor.Redact(alertJson, withheld));
                indexByWithheld[key] = index;
            }

            planned.Add(new PlannedRecipient(recipient, index));
        }

        return new ViewPlan(views, planned);
    }
}
