using Broker.Bench.Protocol;

namespace Broker.Bench.Tests.Protocol;

public sealed class ProtocolReportTests
{
    [Test]
    public void Write_Report_PrintsEveryFigureAndFlagsOnlyRatiosAboveTheGoal()
    {
        var report = new BenchmarkReport(
            [new PrimitiveCost("Ed25519 sign (1024 B)", 250)],
            [
                new EnvelopeCost("seal", 1024, 5, 400, 2500, 2200, 1.14),
                new EnvelopeCost("open", 1024, 5, 500, 2000, 1000, 2.0),
                new EnvelopeCost("strip", 1024, 5, 100_000, 10, null, null),
            ],
            ProcessorCount: 2);
        using var output = new StringWriter();

        ProtocolReport.Write(output, report);

        var lines = output.ToString().Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.One.Matches<string>(l => l.Contains("Ed25519 sign (1024 B)") && l.Contains("250.0") && l.Contains("4000")));
            Assert.That(lines, Has.One.Matches<string>(l => l.TrimStart().StartsWith("seal ", StringComparison.Ordinal) && l.Contains("2200.0") && l.TrimEnd().EndsWith("1.14", StringComparison.Ordinal)));
            Assert.That(lines, Has.One.Matches<string>(l => l.TrimStart().StartsWith("open ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("2.00 !", StringComparison.Ordinal)));
            Assert.That(lines, Has.One.Matches<string>(l => l.TrimStart().StartsWith("strip ", StringComparison.Ordinal) && l.TrimEnd().EndsWith('-')));
            Assert.That(output.ToString(), Does.Contain("2 logical processors"));
        }
    }
}
