using System.Diagnostics;
using Npgsql;

namespace Broker.Audit.Tests.Support;

/// <summary>
/// The private PostgreSQL cluster of deploy/postgres.sh. BROKER_TEST_POSTGRES overrides the connection string; otherwise the
/// cluster on 127.0.0.1:55432 is used and started by the script when it does not answer.
/// </summary>
internal static class PostgresCluster
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _ready;

    public static async Task<string> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready is not null)
            {
                return _ready;
            }

            var configured = Environment.GetEnvironmentVariable("BROKER_TEST_POSTGRES");
            var connectionString = configured ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=testpw;Database=postgres;Timeout=5";
            if (await AnswersAsync(connectionString, cancellationToken))
            {
                return _ready = connectionString;
            }

            var script = Path.Combine(RepositoryRoot.Find(), "deploy", "postgres.sh");
            if (configured is not null || !File.Exists(script))
            {
                Assert.Fail($"PostgreSQL does not answer at {Redacted(connectionString)}; start it with deploy/postgres.sh start.");
            }

            var (exitCode, output) = await RunAsync(script, "start", cancellationToken);
            if (exitCode != 0 || !await AnswersAsync(connectionString, cancellationToken))
            {
                Assert.Fail($"deploy/postgres.sh start failed (exit {exitCode}); PostgreSQL tests need the private cluster. Output: {output}");
            }

            return _ready = connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<bool> AnswersAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string argument, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [script, argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await output) + (await error));
    }

    private static string Redacted(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = "***" }.ToString();
}
