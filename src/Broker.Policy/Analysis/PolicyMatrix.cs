using Broker.Policy.Evaluation;
using Broker.Policy.Store;

namespace Broker.Policy.Analysis;

/// <summary>The markings and content of the probe alert a matrix is computed for.</summary>
public sealed record MatrixProbe
{
    /// <summary>Categories probed; empty means all nine.</summary>
    public IReadOnlyList<Category> Categories { get; init; } = [];

    public Tlp Tlp { get; init; } = Tlp.Amber;

    public Classification Classification { get; init; } = Classification.Restricted;

    public HandlingCodes Handling { get; init; } = HandlingCodes.H0CrimeFightingOnly;

    public IReadOnlyList<DataClass> DataClasses { get; init; } = [DataClass.OperationalGeneral];

    public string Describe() =>
        $"TLP:{Wire.Name(Tlp)}, {Wire.Name(Classification)}, handling [{string.Join(" ", Wire.Names(Handling))}], classes [{string.Join(" ", DataClasses)}], "
        + (Categories.Count == 0 ? "all categories" : string.Join(" ", Categories.Select(Wire.Name)));
}

/// <summary>One origin country / destination country cell: how many (sender, recipient, category) combinations pass.</summary>
public sealed record MatrixCell(CountryCode From, CountryCode To, int Allowed, int Withheld, int Total)
{
    public double AllowedShare => Total == 0 ? 0 : (double)Allowed / Total;
}

/// <summary>
/// Who may send what to whom: every active agency addressing every other agency, per category, with one probe alert,
/// aggregated by origin and destination country. A dry run: nothing is sent.
/// </summary>
public sealed record PolicyMatrix(MatrixProbe Probe, DateTimeOffset At, IReadOnlyList<CountryCode> Countries, IReadOnlyList<MatrixCell> Cells)
{
    public static PolicyMatrix Build(IAgencyDirectory directory, PolicySet policies, DateTimeOffset at, MatrixProbe probe)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(probe);
        var categories = probe.Categories.Count == 0 ? Enum.GetValues<Category>() : probe.Categories.ToArray();
        var countries = directory.Agencies.Select(a => a.Country).Distinct().OrderBy(c => c.Value, StringComparer.Ordinal).ToArray();
        var counts = new Dictionary<(CountryCode, CountryCode), (int Allowed, int Withheld, int Total)>();
        foreach (var origin in directory.Agencies.Where(a => a.State == AgencyState.Active))
        {
            foreach (var recipient in directory.Agencies.Where(a => a.Id != origin.Id))
            {
                foreach (var category in categories)
                {
                    var alert = new AlertFacts
                    {
                        Origin = origin.Id,
                        Category = category,
                        Tlp = probe.Tlp,
                        Classification = probe.Classification,
                        Handling = probe.Handling,
                        AddressedAgencies = [recipient.Id],
                        Expires = at.AddDays(1),
                        Views = [new AlertView(probe.DataClasses)],
                    };
                    var outcome = PolicyEvaluator.Decide(alert, recipient.Id, directory, policies, at).Outcome;
                    var key = (origin.Country, recipient.Country);
                    var (allowed, withheld, total) = counts.GetValueOrDefault(key);
                    counts[key] = (allowed + (outcome == DecisionOutcome.Allow ? 1 : 0), withheld + (outcome == DecisionOutcome.Withheld ? 1 : 0), total + 1);
                }
            }
        }

        var cells = countries.SelectMany(from => countries.Select(to =>
        {
            var (allowed, withheld, total) = counts.GetValueOrDefault((from, to));
            return new MatrixCell(from, to, allowed, withheld, total);
        })).ToArray();
        return new PolicyMatrix(probe, at, countries, cells);
    }

    public MatrixCell Cell(CountryCode from, CountryCode to) => Cells.First(c => c.From == from && c.To == to);
}
