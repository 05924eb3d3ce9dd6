using Broker.Bench.Hub;

namespace Broker.Bench.Tests.Hub;

public sealed class SizeResultTests
{
    private static readonly Phase Half = new(100, 5, 9, 100);
    private static readonly string[] ExpectedRow = ["1024      8229", "800", "400   0.50", "1.0     2.0", "200    11.5    42.4", "3.5    12.0"];

    [Test]
    public void Ratio_ThreeRounds_IsTheMedianOfEachRoundsHubOverRelay()
    {
        // Rounds' ratios are 0.5, 0.8 and 0.25 (median 0.5); the median hub over the median relay would be 400 / 600.
        var result = new SizeResult(1024, 8000, [(Run(1000), Run(500)), (Run(500), Run(400)), (Run(600), Run(150))], Half, Half);

        Assert.That(result.Ratio, Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void RelayAndHub_ThreeRounds_AreTheRoundsOfMedianThroughput()
    {
        var result = new SizeResult(1024, 8000, [(Run(1000), Run(500)), (Run(500), Run(400)), (Run(600), Run(150))], Half, Half);

        Assert.That((result.Relay.Throughput, result.Hub.Throughput), Is.EqualTo((600.0, 400.0)));
    }

    [Test]
    public void Write_OneSize_PrintsItsMediansRatioAndPacedLatencies()
    {
        var result = new SizeResult(1024, 8229, [(Run(800), Run(400))], new Phase(200, 11.5, 42.4, 200), new Phase(200, 3.5, 12, 200));
        var parameters = new BenchParameters(50, 10, 1, 32, 128, TimeSpan.FromMinutes(1), Audit: false);
        using var output = new StringWriter();

        BenchReport.Write([result], parameters, output);

        var row = output.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("1024", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Split('|', StringSplitOptions.TrimEntries), Is.EqualTo(ExpectedRow));
            Assert.That(output.ToString(), Does.Contain("audit log off"));
        }
    }

    private static Phase Run(double throughput) => new(throughput, 1, 2, 0);
}
