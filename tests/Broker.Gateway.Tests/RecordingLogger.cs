using Microsoft.Extensions.Logging;

namespace Broker.Gateway.Tests;

/// <summary>Keeps every log entry (event name, level, formatted message) so tests can check that a refusal was logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(string EventName, LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(string EventName, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add((eventId.Name ?? string.Empty, logLevel, formatter(state, exception)));
        }
    }
}
