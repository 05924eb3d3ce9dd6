using Broker.Bench.Timing;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Bench.Tests.Timing;

// Every action advances a fake clock by what it "costs", so the figures are exact and no test depends on the machine's speed.
public sealed class MeasureTests
{
    private static readonly double[] BestRounds = [20, 5];
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void Paired_TwoCosts_ReportsEachCostAndTheirRatio()
    {
        var measure = new Measure(_time);

        var (a, b, ratio) = measure.Paired(TimeSpan.FromMilliseconds(1), Cost(30), Cost(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(a, Is.EqualTo(30).Within(1e-9));
            Assert.That(b, Is.EqualTo(10).Within(1e-9));
            Assert.That(ratio, Is.EqualTo(3).Within(1e-9));
        }
    }

    [Test]
    public void Paired_LoadChangingBetweenRounds_RatioIsTheMedianOfEachRoundsOwnRatio()
    {
        // Every call outlasts its round, so call k of each action is round k (call 0 is the untimed one). Per-round ratios are
        // 1, 2, 1.5, 1, 1 (median 1); the ratio of the two medians alone would be 300 / 200 = 1.5.
        double[] a = [100, 100, 200, 300, 400, 500];
        double[] b = [100, 100, 100, 200, 400, 500];
        var (ia, ib) = (0, 0);
        var measure = new Measure(_time);

        var (_, _, ratio) = measure.Paired(TimeSpan.FromMilliseconds(1),
            () => _time.Advance(TimeSpan.FromMicroseconds(a[ia++])), () => _time.Advance(TimeSpan.FromMicroseconds(b[ib++])));

        Assert.That(ratio, Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void MicrosecondsPerOp_OneDescheduledRound_ReportsTheMedianRound()
    {
        var calls = 0;
        var measure = new Measure(_time);

        var micros = measure.MicrosecondsPerOp(TimeSpan.FromMicroseconds(500), () =>
            _time.Advance(TimeSpan.FromMicroseconds(++calls == 15 ? 1000 : 10)));

        Assert.That(micros, Is.EqualTo(10).Within(1e-9));
    }

    [Test]
    public void BestOfAlternating_SlowStart_KeepsEachActionsBestRound()
    {
        var calls = 0;
        var measure = new Measure(_time);

        var best = measure.BestOfAlternating(TimeSpan.FromMicroseconds(100), TimeSpan.FromMicroseconds(100), 3,
            () => _time.Advance(TimeSpan.FromMicroseconds(++calls <= 4 ? 50 : 20)), Cost(5));

        Assert.That(best, Is.EqualTo(BestRounds).Within(1e-9));
    }

    [Test]
    public void Round_ActionSlowerThanTheRound_RunsItOnce()
    {
        var calls = 0;
        var measure = new Measure(_time);

        var micros = measure.Round(TimeSpan.FromMicroseconds(10), () => { calls++; _time.Advance(TimeSpan.FromMicroseconds(70)); });

        Assert.That((calls, micros), Is.EqualTo((1, 70.0)));
    }

    private Action Cost(double microseconds) => () => _time.Advance(TimeSpan.FromMicroseconds(microseconds));
}
