using Broker.Bench.Protocol;

namespace Broker.Bench.Tests.Protocol;

public sealed class ProtocolBenchmarkTests
{
    [Test]
    public void Run_TinyBudget_ReportsEveryOperationForEveryScenario()
    {
        // Shape only: timings are the benchmark command's business, never asserted in tests.
        var report = ProtocolBenchmark.Run(new BenchmarkOptions(TimeSpan.FromMilliseconds(5), [64], [1, 2]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Envelopes.Select(e => (e.Operation, e.Recipients)), Is.EquivalentTo(new[]
            {
                ("seal", 1), ("verify", 1), ("strip", 1), ("open", 1), ("seal", 2), ("verify", 2), ("strip", 2), ("open", 2),
            }));
            Assert.That(report.Envelopes.Where(e => e.Operation != "strip").Select(e => e.Ratio), Is.All.Not.Null);
            Assert.That(report.Envelopes.Where(e => e.Operation != "strip").Select(e => e.PrimitiveSumMicroseconds), Is.All.GreaterThan(0));
            Assert.That(report.Envelopes.Where(e => e.Operation == "strip").Select(e => (e.Ratio, e.PrimitiveSumMicroseconds)), Is.All.EqualTo(((double?)null, (double?)null)));
            Assert.That(report.Envelopes.Select(e => e.OpsPerSecond), Is.All.GreaterThan(0));
            Assert.That(report.Primitives.Select(p => p.Name), Is.EquivalentTo(new LibraryPrimitives().Actions(64).Keys.Select(k => $"{k} (64 B)")));
        }
    }

    [Test]
    public void Run_EnvelopeCost_OpsPerSecondIsTheInverseOfItsMeasuredTime()
    {
        var report = ProtocolBenchmark.Run(new BenchmarkOptions(TimeSpan.FromMilliseconds(5), [64], [1]));

        Assert.That(report.Envelopes.Select(e => e.OpsPerSecond * e.MicrosecondsPerOp), Is.All.EqualTo(1_000_000).Within(1e-6).Percent);
    }
}
