using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Broker.IntegrationTests.Gateway;
using Broker.Testing.RabbitMq;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// Debian's amqp-tools (librabbitmq, not this project's code) as both agency systems: <c>amqp-publish</c> into TH-ONCB's
/// <c>agency.outbound</c>, <c>amqp-consume</c> on RU-MVD's <c>agency.inbox</c>, through the real gateway and hub processes.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ForeignClientEndToEndTests
{
    private TopologySandbox _sandbox = null!;
    private GatewayNetwork _network = null!;
    private FaultStack _stack = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _sandbox = await TopologySandbox.CreateAsync(["TH-ONCB", "RU-MVD"]);
        _network = GatewayNetwork.Create();
        _stack = new FaultStack(RabbitMqEnvironment.Current, _sandbox.Hub, _sandbox.Agency, _network);
    }

    [OneTimeTearDown]
    public async Task DeleteAsync()
    {
        _network?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task AmqpTools_PlainAlertPublishedAtThailand_ArrivesOpenedAtRussia(CancellationToken cancellationToken)
    {
        var data = Directory.CreateDirectory(Path.Combine(_network.Directory, "foreign")).FullName;
        var services = await Task.WhenAll(
            _stack.StartHubAsync(data, cancellationToken),
            _stack.StartGatewayAsync("TH-ONCB", Path.Combine(data, "th.db"), cancellationToken),
            _stack.StartGatewayAsync("RU-MVD", Path.Combine(data, "ru.db"), cancellationToken));
        try
        {
            var (alertId, json) = AgencySystem.NewAlert(addressing: new JsonObject { ["agencies"] = new JsonArray("RU-MVD") });
            var messageId = "amqp-tools-" + alertId.ToString("N");

            // amqp-publish cannot set the message_id property: the contract's header form carries it (protocols/amqp.md 2.1).
            var (published, publishErrors) = await RunAsync(
                "amqp-publish",
                ["-u", Url("TH-ONCB"), "-e", "agency.outbound", "-r", "alert", "-p", "-C", "application/json", "-H", $"message-id: {messageId}", "-b", Encoding.UTF8.GetString(json)],
                _stack.Environment.Timeout, cancellationToken);
            Assert.That(published, Is.Zero, publishErrors);

            // One message from RU-MVD's inbox, acknowledged when `cat` succeeds; amqp-consume waits until it comes.
            var (consumed, body) = await RunAsync("amqp-consume", ["-u", Url("RU-MVD"), "-q", "agency.inbox", "-c", "1", "cat"], TimeSpan.FromSeconds(60), cancellationToken);
            var delivered = JsonNode.Parse(body)!;

            using (Assert.EnterMultipleScope())
            {
                Assert.That(consumed, Is.Zero);
                Assert.That(delivered["alert"]!["id"]!.GetValue<string>(), Is.EqualTo(alertId.ToString("D")));
                Assert.That(delivered["broker"]!["sender"]!.GetValue<string>(), Is.EqualTo("TH-ONCB"));
                Assert.That(delivered["broker"]!["verification"]!["result"]!.GetValue<string>(), Is.EqualTo("verified"));
            }
        }
        catch (Exception)
        {
            ServiceProcess.Report(services);
            throw;
        }
        finally
        {
            foreach (var service in services)
            {
                service.Dispose();
            }
        }
    }

    private string Url(string agency)
    {
        var env = _stack.Environment;
        var user = $"{agency}.system";
        return $"amqp://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(env.PasswordFor(user))}@127.0.0.1:{env.AmqpPort}/{Uri.EscapeDataString(_sandbox.Agency(agency))}";
    }

    /// <summary>Runs an amqp-tools command; on the deadline it is killed and the test fails. Returns the exit code and stdout (stderr when it failed).</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (deploy/install-deps.sh installs amqp-tools).");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            Assert.Fail($"{tool} did not finish within {timeout.TotalSeconds:0} s: {await errors}");
        }

        return process.ExitCode == 0 ? (0, await output) : (process.ExitCode, await errors);
    }
}
