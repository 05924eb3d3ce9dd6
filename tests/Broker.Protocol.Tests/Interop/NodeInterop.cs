using System.Diagnostics;
using System.Text.Json;

namespace Broker.Protocol.Tests.Interop;

/// <summary>Runs the independent Node.js implementation in <c>tests/interop</c> and reads its one-line JSON answers.</summary>
internal sealed class NodeInterop
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private NodeInterop(string root, string node)
    {
        Root = root;
        Node = node;
    }

    public string Root { get; }

    public string Node { get; }

    public string InteropDirectory => Path.Combine(Root, "tests", "interop");

    public string VectorsPath => Path.Combine(Root, "protocols", "test-vectors", "envelope-v1.json");

    /// <summary>Finds the repository and <c>node</c>; ignores the test (with the reason) when either prerequisite is missing.</summary>
    public static NodeInterop RequireOrIgnore()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Broker.sln not found above the test directory.");
        }

        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
        if (node is null)
        {
            Assert.Ignore("Interop skipped: `node` is not on PATH (deploy/install-deps.sh installs it).");
        }

        if (!Directory.Exists(Path.Combine(dir.FullName, "tests", "interop", "node_modules")))
        {
            Assert.Ignore("Interop skipped: tests/interop/node_modules is missing; run `npm ci` in tests/interop (deploy/test.sh does).");
        }

        return new NodeInterop(dir.FullName, node!);
    }

    /// <summary>Runs <c>node</c> with <paramref name="arguments"/> in tests/interop, waiting at most one minute.</summary>
    public (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Node)
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {string.Join(' ', arguments.Take(2))} did not finish within {Deadline.TotalSeconds} s.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a CLI command that must succeed and returns its JSON answer.</summary>
    public JsonElement Cli(params string[] arguments)
    {
        var (code, stdout, stderr) = Run(["cli.mjs", .. arguments]);
        Assert.That(code, Is.Zero, $"node cli.mjs {arguments[0]} failed: {stdout} {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs a CLI command that must be refused and returns the reject code it printed.</summary>
    public int CliReject(params string[] arguments)
    {
        var (code, stdout, stderr) = Run(["cli.mjs", .. arguments]);
        Assert.That(code, Is.EqualTo(2), $"node cli.mjs {arguments[0]} was expected to reject: {stdout} {stderr}");
        return JsonDocument.Parse(stdout).RootElement.GetProperty("reject").GetInt32();
    }
}
