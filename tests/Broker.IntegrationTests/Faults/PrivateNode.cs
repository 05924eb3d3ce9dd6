using System.Diagnostics;
using Broker.Testing;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// A RabbitMQ node of this test's own (deploy/rabbitmq.sh with <c>BROKER_RMQ_INSTANCE=8</c> and its files under
/// <c>.run/faults-node</c>), so stopping it does not disturb the shared node other test assemblies use in parallel.
/// </summary>
internal static class PrivateNode
{
    public const int Instance = 8;

    public static string RunDirectory => Path.Combine(RepositoryRoot.Path, ".run", "faults-node");

    public static RabbitMqEnvironment Environment => RabbitMqEnvironment.ForInstance(Instance, RunDirectory);

    /// <summary>Runs <c>deploy/rabbitmq.sh COMMAND</c> for this node; fails the test with the script's output when it fails.</summary>
    public static async Task RunAsync(string command, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", "rabbitmq.sh"));
        start.ArgumentList.Add(command);
        start.Environment["BROKER_RMQ_INSTANCE"] = Instance.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["BROKER_RUN_DIR"] = RunDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            Assert.Fail($"deploy/rabbitmq.sh {command} (instance {Instance}) failed with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
