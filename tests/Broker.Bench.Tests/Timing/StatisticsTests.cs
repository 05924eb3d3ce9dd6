using Broker.Bench.Timing;

namespace Broker.Bench.Tests.Timing;

public sealed class StatisticsTests
{
    private static readonly double[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [TestCase(0.50, 50)]
    [TestCase(0.99, 99)]
    [TestCase(1.00, 100)]
    [TestCase(0.00, 1)]
    public void Percentile_OneToHundred_IsTheNearestRank(double p, double expected) =>
        Assert.That(Statistics.Percentile(OneToHundred, p), Is.EqualTo(expected));

    [Test]
    public void Percentile_NoValues_IsNaN() => Assert.That(Statistics.Percentile([], 0.5), Is.NaN);

    [Test]
    public void Median_UnsortedValues_IsTheMiddleOneAndLeavesTheInputAlone()
    {
        double[] values = [9, 1, 5];

        Assert.That((Statistics.Median(values), values), Is.EqualTo((5.0, new double[] { 9, 1, 5 })));
    }

    [Test]
    public void Median_EvenCount_IsTheUpperMiddle() => Assert.That(Statistics.Median([4, 1, 3, 2]), Is.EqualTo(3));
}
