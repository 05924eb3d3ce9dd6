using System.CommandLine;
using Broker.Bench.Commands;

namespace Broker.Bench.Tests.Commands;

public sealed class BenchCatalogTests
{
    // The options each benchmark had as a `broker bench...` command, kept when they moved to broker-bench.
    private static readonly Dictionary<string, string[]> Options = new()
    {
        ["protocol"] = ["--quick"],
        ["hub"] = ["--count", "--warmup", "--rounds", "--sizes", "--concurrency", "--prefetch", "--no-audit", "--vhost", "--run-dir"],
        ["policy"] = ["--policies", "--directory", "--seconds"],
        ["audit"] = ["--entries", "--quick", "--producers", "--rounds", "--postgres", "--keep"],
        ["e2e"] = ["--count", "--warmup", "--concurrency", "--alert", "--run-dir"],
        ["fairness"] = ["--burst", "--probes", "--vhost", "--run-dir"],
    };

    [Test]
    public void All_EveryBenchmarkWithEveryOption()
    {
        var commands = BenchCatalog.All().ToDictionary(c => c.Name, c => c.Options.Select(o => o.Name).ToArray());

        Assert.That(commands, Is.EquivalentTo(Options));
    }

    [Test]
    public async Task Audit_TooFewEntries_ExitsWithUsageErrorBeforeGeneratingAnything()
    {
        var (code, output, error) = await RunAsync("audit", "--entries", "4");

        Assert.That((code, output, error.Trim()), Is.EqualTo((2, string.Empty, "audit: --entries must be at least 5, --producers and --rounds at least 1.")));
    }

    [Test]
    public async Task Policy_MissingPolicyFolder_ExitsWithOneLineError()
    {
        var folder = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var (code, _, error) = await RunAsync("policy", "--policies", folder, "--seconds", "0.2");

        Assert.That((code, error.Trim()), Is.EqualTo((1, $"error: {folder}: no such folder of policies (run from the repository root or pass --policies)")));
    }

    [Test]
    public async Task Protocol_QuickRun_PrintsBothTables()
    {
        var (code, output, error) = await RunAsync("protocol", "--quick");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("Primitives (single call").And.Contain("Envelope operations"));
            Assert.That(error, Does.Contain("measuring warm-up..."));
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("broker-bench");
        foreach (var command in BenchCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
