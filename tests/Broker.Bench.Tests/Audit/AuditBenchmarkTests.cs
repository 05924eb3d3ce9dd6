using System.Globalization;
using Broker.Bench.Audit;
using Spectre.Console;

namespace Broker.Bench.Tests.Audit;

[CancelAfter(120_000)]
public sealed class AuditBenchmarkTests
{
    private static readonly string[] KeptFiles = ["audit.db", "log-key.pub", "registry-anchor.pub"];
    private string _keep = null!;

    [SetUp]
    public void CreateFolder() => _keep = Directory.CreateTempSubdirectory("bench-audit-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_keep, recursive: true);
    }

    [Test]
    public async Task RunAsync_SmallLog_VerifiesAndReplaysCleanAndComparesTheMeasuredTimes(CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        var benchmark = new AuditBenchmark(Console(output), entries: 25, producers: 4, postgres: null, rounds: 2, keep: _keep);

        var result = await benchmark.RunAsync(cancellationToken);
        benchmark.Write(result);

        var ratio = result.Rows.Single(r => r.Measure.StartsWith("replay time", StringComparison.Ordinal)).Value;
        using (Assert.EnterMultipleScope())
        {
            // The registry and three policies, then five entries for each of the five envelopes.
            Assert.That(result.Entries, Is.EqualTo(4 + 25));
            Assert.That((result.VerifyFindings, result.ReplayFindings), Is.EqualTo((0, 0)));
            Assert.That(ratio, Does.StartWith((result.Replay / result.VerifyAlone).ToString("F2", CultureInfo.CurrentCulture) + "x"));
            Assert.That(result.Rows.Select(r => r.Measure), Has.Some.StartsWith("append through the sequencer").And.Some.StartsWith("audit verify"));
            Assert.That(output.ToString(), Does.Contain("broker-bench audit: 25 entries, store SQLite (WAL)"));
        }
    }

    [Test]
    public async Task RunAsync_Keep_LeavesTheLogAndTheTwoPublicKeys(CancellationToken cancellationToken)
    {
        var benchmark = new AuditBenchmark(Console(TextWriter.Null), entries: 10, producers: 1, postgres: null, rounds: 1, keep: _keep);

        await benchmark.RunAsync(cancellationToken);

        // A raw composite public key is Ed25519 (32 bytes) followed by ML-DSA-65 (1952 bytes).
        var lengths = KeptFiles.Select(f => new FileInfo(Path.Combine(_keep, f))).Select(f => f.Exists ? f.Length : -1).ToArray();
        Assert.That((lengths[0] > 0, lengths[1], lengths[2]), Is.EqualTo((true, 1984L, 1984L)));
    }

    private static IAnsiConsole Console(TextWriter output) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
}
