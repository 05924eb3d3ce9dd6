using System.Diagnostics;

namespace Broker.Bench.Timing;

/// <summary>
/// Runs actions repeatedly for a time budget split into five rounds and keeps the median round, which shrugs off a round in
/// which a shared machine descheduled the process. <see cref="Paired"/> alternates two actions round by round so that their
/// ratio compares them under the same load.
/// </summary>
internal static class Measure
{
    private const int Rounds = 5;

    public static double MicrosecondsPerOp(TimeSpan budget, Action action)
    {
        action();
        var results = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            results[r] = Round(budget / Rounds, action);
        }

        return Median(results);
    }

    /// <summary>Median microseconds per call of each action and the median of the per-round ratios a / b.</summary>
    public static (double A, double B, double Ratio) Paired(TimeSpan budget, Action a, Action b)
    {
        a();
        b();
        var (ra, rb, ratio) = (new double[Rounds], new double[Rounds], new double[Rounds]);
        for (var r = 0; r < Rounds; r++)
        {
            ra[r] = Round(budget / (2 * Rounds), a);
            rb[r] = Round(budget / (2 * Rounds), b);
            ratio[r] = ra[r] / rb[r];
        }

        return (Median(ra), Median(rb), Median(ratio));
    }

    private static double Round(TimeSpan duration, Action action)
    {
        var count = 0;
        var watch = Stopwatch.StartNew();
        do
        {
            action();
            count++;
        }
        while (watch.Elapsed < duration);

        return watch.Elapsed.TotalMicroseconds / count;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }
}
