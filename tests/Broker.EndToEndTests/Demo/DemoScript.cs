using System.Diagnostics;
using System.Text;
using Broker.Testing;

namespace Broker.EndToEndTests.Demo;

/// <summary>
/// Runs <c>deploy/demo.sh</c> from a shadow root (links to the real <c>deploy</c> and <c>artifacts</c>) so its <c>.run</c>
/// folder, certificates and RabbitMQ node (its own instance) are separate from the node <c>deploy/test.sh</c> runs.
/// </summary>
internal sealed class DemoScript : IDisposable
{
    private DemoScript(string root, int instance)
    {
        Root = root;
        Instance = instance;
    }

    public string Root { get; }

    public int Instance { get; }

    public string DemoFolder => Path.Combine(Root, ".run", "demo");

    public static DemoScript Create(int instance)
    {
        var root = Directory.CreateTempSubdirectory("broker-demo-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "deploy"), Path.Combine(RepositoryRoot.Path, "deploy"));
        Directory.CreateSymbolicLink(Path.Combine(root, "artifacts"), Path.Combine(RepositoryRoot.Path, "artifacts"));
        return new DemoScript(root, instance);
    }

    /// <summary>The build configuration of this test run, as the artifacts folder names it (debug, release).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Name;

    public Task<(int ExitCode, string Output)> RunAsync(string command, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(Root, "deploy", "demo.sh"), command, cancellationToken);

    public Task<(int ExitCode, string Output)> RabbitAsync(string command, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(Root, "deploy", "rabbitmq.sh"), command, cancellationToken);

    private async Task<(int ExitCode, string Output)> RunAsync(string script, string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [script, command])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BROKER_RMQ_INSTANCE"] = Instance.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["BROKER_DEMO_BUILD"] = "0";
        start.Environment["BROKER_DEMO_CONFIGURATION"] = Configuration;
        start.Environment["BROKER_DEMO_TIMEOUT"] = "60";
        start.Environment.Remove("BROKER_DEMO_DIR");
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
