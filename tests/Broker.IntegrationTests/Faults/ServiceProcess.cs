using System.Diagnostics;
using System.Net;
using System.Text;
using Broker.Hosting.Health;
using Broker.Testing;

namespace Broker.IntegrationTests.Faults;

/// <summary>
/// A built service (<c>Broker.Hub</c> or <c>Broker.Gateway</c> under artifacts/bin) as a real child process, configured only
/// through its environment (secrets stay off the command line). Started means ready: its <c>/health/ready</c> answers 200
/// (connected, consuming, stores answering). <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private const string ListeningPrefix = "Now listening on: ";
    private Uri? _address;

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="project"/>'s dll and waits until the host started and its readiness check passes.</summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, string project, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(DllPath(project));
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__LogLevel__Broker"] = System.Environment.GetEnvironmentVariable("BROKER_FAULTS_LOG_LEVEL") ?? "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.Exited += (_, _) => service._started.TrySetException(new InvalidOperationException($"{name} exited during startup."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service._started.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            service.Kill();
            Assert.Fail($"{name} did not start within {timeout.TotalSeconds:0} s: {ex.Message}\n{service.Output}");
        }

        await service.WaitUntilReadyAsync(timeout, cancellationToken);
        return service;
    }

    /// <summary>Polls <c>/health/ready</c> on the address the host printed until it answers 200 (or the process exits).</summary>
    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = _address ?? throw new InvalidOperationException($"{Name} did not print the address it listens on.") };
        var last = "no answer";
        try
        {
            await Eventually.WaitForAsync(
                async ct =>
                {
                    if (HasExited)
                    {
                        return true;
                    }

                    try
                    {
                        using var response = await client.GetAsync(new Uri(BrokerHealth.ReadyPath, UriKind.Relative), ct);
                        last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException ex)
                    {
                        last = ex.Message;
                        return false;
                    }
                },
                timeout, $"{Name} to be ready", cancellationToken);
        }
        catch (AssertionException)
        {
            Kill();
            Assert.Fail($"{Name} was not ready within {timeout.TotalSeconds:0} s; last answer: {last}\n{Output}");
        }

        if (HasExited)
        {
            Assert.Fail($"{Name} exited before it was ready\n{Output}");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL (kill -9) and wait until the process is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>Writes the tail of each service's output to the test log (for a failing test).</summary>
    public static void Report(IEnumerable<ServiceProcess> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var service in services)
        {
            var output = service.Output;
            var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{service.Name.Replace(' ', '-')}-{Environment.ProcessId}.log");
            File.WriteAllText(file, output);
            TestContext.Out.WriteLine($"--- {service.Name}{(service.HasExited ? " (exited)" : "")}, output in {file}, last lines ---\n{output[Math.Max(0, output.Length - 4000)..]}");
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: a failing test prints it, a passing one should not hold megabytes.
            if (_output.Length > 4_000_000)
            {
                _output.Remove(0, 2_000_000);
            }

            _output.AppendLine(line);
        }

        var listening = line.IndexOf(ListeningPrefix, StringComparison.Ordinal);
        if (listening >= 0 && _address is null)
        {
            _address = new Uri(line[(listening + ListeningPrefix.Length)..].Trim());
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    /// <summary>artifacts/bin/PROJECT/CONFIG/PROJECT.dll, CONFIG being the one this test assembly was built in.</summary>
    private static string DllPath(string project)
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testDirectory.Name;
        var bin = testDirectory.Parent!.Parent!.FullName;
        var dll = Path.Combine(bin, project, configuration, project + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build src/{project} in the same configuration as the tests.");
    }
}
