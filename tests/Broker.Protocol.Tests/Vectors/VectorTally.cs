namespace Broker.Protocol.Tests.Vectors;

/// <summary>Counts the cases a conformance test checked and skipped and collects the ids that failed.</summary>
internal sealed class VectorTally(string file)
{
    private readonly List<string> _failures = [];

    public int Checked { get; private set; }

    public int Skipped { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public void Check(object id, bool passed, string what = "")
    {
        Checked++;
        if (!passed)
        {
            _failures.Add(what.Length == 0 ? $"{id}" : $"{id} ({what})");
        }
    }

    public void Skip() => Skipped++;

    /// <summary>Reports the counts and fails with the failing ids; also fails if nothing was checked.</summary>
    public void AssertAllPassed(int expectedChecked)
    {
        TestContext.Out.WriteLine($"{file}: {Checked} checked, {Skipped} skipped, {_failures.Count} failed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_failures, Is.Empty, $"{file}: failing cases");
            Assert.That(Checked, Is.EqualTo(expectedChecked), $"{file}: number of cases checked");
        }
    }
}
