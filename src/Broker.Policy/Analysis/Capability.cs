using Broker.Policy.Evaluation;
using Broker.Policy.Model;

namespace Broker.Policy.Analysis;

// What one side of one policy admits for one (local, peer, category): per handling variant, the set of admitted
// (TLP, classification) cells as a bit mask, and the standard data classes the most permissive admitted cell lets through.
internal readonly record struct Capability(uint WithoutCodes, uint WithCodes, string Classes)
{
    private const HandlingCodes AllCodes = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H1NoEvidenceWithoutMla
        | HandlingCodes.H2NoOnwardWithoutConsent | HandlingCodes.H3OtherRestrictions;

    private static readonly AlertView[] ClassViews = DataClass.Known.Select(c => new AlertView([c])).ToArray();

    public static Capability Of(SharingPolicy policy, PolicyDirection direction, DirectoryAgency local, DirectoryAgency peer, Category category)
    {
        uint without = 0, with = 0;
        ulong classMask = 0;
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            foreach (var classification in Enum.GetValues<Classification>())
            {
                var bit = 1u << (((int)tlp * 4) + (int)classification);
                foreach (var handling in new[] { HandlingCodes.None, AllCodes })
                {
                    var alert = new AlertFacts
                    {
                        Origin = direction == PolicyDirection.Outbound ? local.Id : peer.Id,
                        Category = category,
                        Tlp = tlp,
                        Classification = classification,
                        Handling = handling,
                        Expires = DateTimeOffset.MaxValue,
                        Views = ClassViews,
                    };
                    var result = PolicyEvaluator.EvaluateDirection(policy, direction, local, peer, alert);
                    if (!result.AdmitsMarkings)
                    {
                        continue;
                    }

                    classMask |= result.ViewMask;
                    if (handling == HandlingCodes.None)
                    {
                        without |= bit;
                    }
                    else
                    {
                        with |= bit;
                    }
                }
            }
        }

        var classes = string.Join(" ", Enumerable.Range(0, ClassViews.Length).Where(i => (classMask & (1UL << i)) != 0).Select(i => DataClass.Known[i].Value));
        return new Capability(without, with, classes);
    }

    public bool IsSubsetOf(Capability other) =>
        (WithoutCodes & ~other.WithoutCodes) == 0 && (WithCodes & ~other.WithCodes) == 0
        && Classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(c => other.Classes.Split(' ').Contains(c));

    public string Describe()
    {
        if (WithCodes == 0)
        {
            return "nothing";
        }

        var text = WithoutCodes == WithCodes
            ? Region(WithCodes)
            : $"{(WithoutCodes == 0 ? "nothing" : Region(WithoutCodes))} without handling codes, {Region(WithCodes)} with H0-H3";
        return $"{text}; data classes: {(Classes.Length == 0 ? "none" : Classes)}";
    }

    // The admitted cells are closed downwards in both TLP and classification, so the maximal cells describe the region.
    private static string Region(uint mask)
    {
        var corners = new List<string>();
        var previousBest = -1;
        for (var tlp = 4; tlp >= 0; tlp--)
        {
            var best = -1;
            for (var classification = 3; classification >= 0; classification--)
            {
                if ((mask & (1u << ((tlp * 4) + classification))) != 0)
                {
                    best = classification;
                    break;
                }
            }

            if (best > previousBest)
            {
                corners.Add($"TLP:{Wire.Name((Tlp)tlp)}/{Wire.Name((Classification)best)}");
                previousBest = best;
            }
        }

        return "up to " + string.Join(" and ", corners);
    }
}
