using Microsoft.Data.Sqlite;

namespace Broker.EndToEndTests.Demo;

/// <summary>The README's first command: <c>deploy/demo.sh</c> brings the network up, the demo alert arrives, <c>stop</c> leaves nothing running.</summary>
[Category("EndToEnd")]
[NonParallelizable]
public sealed class DemoScriptTests
{
    // Instance 7 by default: its own node and ports, beside the node deploy/test.sh runs (instance 0).
    private static readonly int Instance = int.TryParse(Environment.GetEnvironmentVariable("BROKER_DEMO_TEST_INSTANCE"), out var i) ? i : 7;
    private DemoScript? _demo;

    [OneTimeSetUp]
    public void RequireRoot()
    {
        if (Environment.UserName != "root")
        {
            Assert.Ignore("deploy/demo.sh starts a RabbitMQ node through the Debian scripts, which needs root (deploy/test.sh runs as root).");
        }

        _demo = DemoScript.Create(Instance);
    }

    [OneTimeTearDown]
    public async Task CleanUpAsync()
    {
        if (_demo is null)
        {
            return;
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _demo.RunAsync("stop", cancel.Token);
        await _demo.RabbitAsync("reset", cancel.Token);
        _demo.Dispose();
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task DemoUpThenStop_DeliversTheDemoAlertToRuMvdAndLeavesNothingRunning(CancellationToken cancellationToken)
    {
        var demo = _demo!;
        var (upCode, upOutput) = await demo.RunAsync("up", cancellationToken);
        Assert.That(upCode, Is.Zero, upOutput);
        var alertId = (await File.ReadAllTextAsync(Path.Combine(demo.DemoFolder, "last-alert-id"), cancellationToken)).Trim();
        var pids = Directory.GetFiles(Path.Combine(demo.DemoFolder, "pids"), "*.pid")
            .Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alertId, Is.Not.Empty);
            Assert.That(upOutput, Does.Contain($"alert {alertId} from TH-ONCB"), "tail printed the delivered alert");
            Assert.That(upOutput, Does.Contain("delivered to MY-PDRM, RU-MVD"), "the routing receipt names both recipients");
            Assert.That(DeliveredTo(demo, "RU-MVD", alertId), Is.EqualTo(1), "RU-MVD's gateway stored the alert once");
            Assert.That(pids, Has.Length.EqualTo(9), "the hub, six gateways and two web clients");
        }

        var (stopCode, stopOutput) = await demo.RunAsync("stop", cancellationToken);
        var (statusCode, statusOutput) = await demo.RunAsync("status", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopCode, Is.Zero, stopOutput);
            Assert.That(pids.Where(IsAlive), Is.Empty, "every demo process has exited");
            Assert.That(statusCode, Is.Not.Zero, statusOutput);
            Assert.That(statusOutput, Does.Contain("RabbitMQ node not running"));
            Assert.That(statusOutput, Does.Not.Contain(" running (pid"));
        }
    }

    private static long DeliveredTo(DemoScript demo, string agency, string alertId)
    {
        var path = Path.Combine(demo.DemoFolder, agency, "gateway.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM inbox WHERE kind = 'Alert' AND CAST(view_json AS TEXT) LIKE $pattern";
        command.Parameters.AddWithValue("$pattern", $"%{alertId}%");
        return (long)command.ExecuteScalar()!;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
