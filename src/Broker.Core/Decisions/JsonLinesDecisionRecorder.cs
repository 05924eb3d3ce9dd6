using System.Text.Json;

namespace Broker.Core.Decisions;

/// <summary>
/// Append-only JSON lines file: one decision per line, flushed to disk (fsync) before <see cref="RecordAsync"/> returns.
/// Writes are serialised; the file is opened for append only, so existing lines are never rewritten.
/// </summary>
public sealed class JsonLinesDecisionRecorder : IDecisionRecorder, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public JsonLinesDecisionRecorder(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
    }

    public async ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(decision, Json);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads every decision back (tests, tools).</summary>
    public static IReadOnlyList<RoutingDecision> ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var list = new List<RoutingDecision>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                list.Add(JsonSerializer.Deserialize<RoutingDecision>(line, Json)!);
            }
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
