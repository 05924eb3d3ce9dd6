using Broker.Bench.Fairness;

namespace Broker.Bench.Tests.Fairness;

/// <summary>The fairness report computes from the latencies it is given; it asserts nothing about speed.</summary>
public sealed class FairnessResultTests
{
    [Test]
    public void Write_Latencies_PrintsBothPhasesAndTheirRatios()
    {
        var result = new FairnessResult(2000, [10, 20, 30], [20, 40, 60, 90], BurstDrainSeconds: 4);
        using var output = new StringWriter();

        result.Write(output, "TH-ONCB", "RU-MVD");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.BaselineP50, Is.EqualTo(20));
            Assert.That(result.BurstP50, Is.EqualTo(40));
            Assert.That(result.MedianRatio, Is.EqualTo(2));
            Assert.That(result.WorstRatio, Is.EqualTo(4.5));
            Assert.That(output.ToString(), Does.Contain("burst of 2000 envelopes from TH-ONCB")
                .And.Contain("no burst         |      3 |   20.0")
                .And.Contain("during the burst |      4 |   40.0")
                .And.Contain("ratio during/without: median 2.00, worst 4.50; the burst drained in 4.0 s (500 env/s)"));
        }
    }
}
