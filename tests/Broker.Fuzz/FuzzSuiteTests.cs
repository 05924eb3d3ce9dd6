using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Broker.Testing;

namespace Broker.Fuzz;

/// <summary>
/// Runs every fuzz target under libFuzzer for a bounded time, as <c>deploy/fuzz.sh</c> does by hand, on this test assembly's own
/// build output (instrumented in a copy). A target fails on any crash: an exception out of the parser, a broken invariant, an
/// input slower than the per-input timeout, or a dead target process. Each prints its number of executions.
/// Budget: <see cref="TotalSeconds"/> of fuzzing shared by all targets (plus about a second of start-up each and one
/// instrumentation pass), so the whole fixture stays under two minutes on two cores.
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class FuzzSuiteTests
{
    private const int TotalSeconds = 55;

    private static readonly string Out = Path.Combine(RepositoryRoot.Path, "artifacts", "fuzz-suite");

    private static int SecondsPerTarget => Math.Max(2, TotalSeconds / FuzzTargets.Names.Count());

    private static IEnumerable<string> Targets => FuzzTargets.Names;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        // A fresh working corpus each run: the suite fuzzes from the committed seeds only, so runs are comparable.
        foreach (var dir in new[] { "corpus", "crashes" })
        {
            var path = Path.Combine(Out, dir);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        var (code, output) = await FuzzShAsync(["--prepare"], TimeSpan.FromMinutes(5));
        Assert.That(code, Is.Zero, "deploy/fuzz.sh --prepare failed:\n" + Tail(output));
    }

    [Test]
    public void EveryTarget_HasACommittedSeedCorpus()
    {
        foreach (var target in Targets)
        {
            var seeds = Path.Combine(RepositoryRoot.Path, "tests", "Broker.Fuzz", "corpus", target);
            Assert.That(Directory.Exists(seeds) && Directory.EnumerateFiles(seeds).Any(), Is.True, $"no seeds for {target} in {seeds}");
        }
    }

    [TestCaseSource(nameof(Targets))]
    public async Task Target_BoundedRun_NoCrash(string target)
    {
        var seconds = SecondsPerTarget;
        // A fixed seed (BROKER_FUZZ_SEED overrides it) makes the suite's run the same mutation sequence every time, cut only
        // by the time bound: CI replays what was fuzzed here, and a crash it finds reproduces. Open-ended, randomly seeded
        // exploration is deploy/fuzz.sh by hand.
        var seed = Environment.GetEnvironmentVariable("BROKER_FUZZ_SEED") is { Length: > 0 } s ? s : "20261207";
        var (code, output) = await FuzzShAsync([target, seconds.ToString(CultureInfo.InvariantCulture), $"-seed={seed}"], TimeSpan.FromSeconds(seconds + 120));

        var executions = Executions().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        TestContext.Progress.WriteLine($"fuzz {target}: {executions} executions in {seconds} s");
        TestContext.Out.WriteLine($"fuzz {target}: {executions} executions in {seconds} s");
        var crashes = Path.Combine(Out, "crashes", target);
        var found = Directory.Exists(crashes) ? Directory.GetFiles(crashes) : [];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, $"libFuzzer stopped on {target} (exit {code}); inputs kept: {string.Join(", ", found)}; reproduce with deploy/fuzz.sh --repro {target} FILE\n{Tail(output)}");
            Assert.That(found, Is.Empty, "crash inputs were written");
            Assert.That(executions, Is.Positive, "the target ran no input\n" + Tail(output));
        }
    }

    private static async Task<(int Code, string Output)> FuzzShAsync(IEnumerable<string> args, TimeSpan deadline)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", "fuzz.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FUZZ_BIN"] = AppContext.BaseDirectory;
        start.Environment["FUZZ_OUT"] = Out;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"deploy/fuzz.sh did not finish within {deadline}\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));

    [GeneratedRegex(@"stat::number_of_executed_units:\s*(\d+)")]
    private static partial Regex Executions();
}
