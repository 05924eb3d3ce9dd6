using System.Text.Json;
using Broker.Hub.Durability;

namespace Broker.Hub.Decisions;

/// <summary>
/// Append-only JSON lines file: one decision per line. Decisions waiting at the same time are written together and
/// flushed to disk with one fsync before any of their <see cref="RecordAsync"/> calls returns (group commit).
/// The file is opened for append only, so existing lines are never rewritten.
/// </summary>
public sealed class JsonLinesDecisionRecorder : IDecisionRecorder, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly FileStream _stream;
    private readonly GroupCommitQueue<byte[], bool> _queue;

    public JsonLinesDecisionRecorder(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024);
        _queue = new GroupCommitQueue<byte[], bool>(Append, maxBatch: 512, "decision-file");
    }

    public async ValueTask RecordAsync(RoutingDecision decision, CancellationToken cancellationToken = default) =>
        await _queue.EnqueueAsync(JsonSerializer.SerializeToUtf8Bytes(decision, Json), cancellationToken).ConfigureAwait(false);

    private bool[] Append(IReadOnlyList<byte[]> lines)
    {
        foreach (var line in lines)
        {
            _stream.Write(line);
            _stream.WriteByte((byte)'\n');
        }

        _stream.Flush(flushToDisk: true);
        return new bool[lines.Count];
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
        await _queue.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
