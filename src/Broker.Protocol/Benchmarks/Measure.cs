using System.Diagnostics;

namespace Broker.Protocol.Benchmarks;

/// <summary>
/// Runs an action repeatedly for a time budget, split into five rounds, and reports the median round's microseconds per call:
/// on a shared machine the median shrugs off a round in which the process was descheduled.
/// </summary>
internal static class Measure
{
    private const int Rounds = 5;

    public static double MicrosecondsPerOp(TimeSpan budget, Action action)
    {
        action();
        var round = budget / Rounds;
        var results = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            var count = 0;
            var watch = Stopwatch.StartNew();
            do
            {
                action();
                count++;
            }
            while (watch.Elapsed < round);

            results[r] = watch.Elapsed.TotalMicroseconds / count;
        }

        Array.Sort(results);
        return results[Rounds / 2];
    }
}
