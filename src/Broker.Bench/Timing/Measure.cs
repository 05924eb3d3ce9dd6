namespace Broker.Bench.Timing;

/// <summary>
/// Runs actions repeatedly for a time budget split into rounds. <see cref="MicrosecondsPerOp"/> keeps the median round, which
/// shrugs off a round in which a shared machine descheduled the process; <see cref="Paired"/> alternates two actions round by
/// round so their ratio compares them under the same load; <see cref="BestOfAlternating"/> keeps each action's best round.
/// Time comes from the <see cref="TimeProvider"/> given (the system's high-resolution timestamp in a run).
/// </summary>
internal sealed class Measure(TimeProvider time)
{
    public const int Rounds = 5;

    public static Measure System { get; } = new(TimeProvider.System);

    /// <summary>Median microseconds per call over <see cref="Rounds"/> rounds, after one untimed call.</summary>
    public double MicrosecondsPerOp(TimeSpan budget, Action action)
    {
        action();
        var results = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            results[r] = Round(budget / Rounds, action);
        }

        return Statistics.Median(results);
    }

    /// <summary>Median microseconds per call of each action and the median of the per-round ratios a / b.</summary>
    public (double A, double B, double Ratio) Paired(TimeSpan budget, Action a, Action b)
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

        return (Statistics.Median(ra), Statistics.Median(rb), Statistics.Median(ratio));
    }

    /// <summary>
    /// Each action once for <paramref name="warmUp"/>, then <paramref name="rounds"/> rounds of every action in turn for
    /// <paramref name="perRound"/> each; the best (lowest) microseconds per call of each action, in the order given.
    /// </summary>
    public double[] BestOfAlternating(TimeSpan warmUp, TimeSpan perRound, int rounds, params IReadOnlyList<Action> actions)
    {
        foreach (var action in actions)
        {
            Round(warmUp, action);
        }

        var best = actions.Select(_ => double.MaxValue).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < actions.Count; i++)
            {
                best[i] = Math.Min(best[i], Round(perRound, actions[i]));
            }
        }

        return best;
    }

    /// <summary>Microseconds per call of <paramref name="action"/> run back to back for at least <paramref name="duration"/> (at least once).</summary>
    public double Round(TimeSpan duration, Action action)
    {
        var count = 0;
        var start = time.GetTimestamp();
        TimeSpan elapsed;
        do
        {
            action();
            count++;
            elapsed = time.GetElapsedTime(start);
        }
        while (elapsed < duration);

        return elapsed.TotalMicroseconds / count;
    }
}
