using System.Security.Cryptography;
using System.Text.Json;

namespace Broker.Hosting.TrustState;

/// <summary>A signed document a host accepted: its key (a country code, or <c>registry</c>), version, exact bytes and detached signature.</summary>
public sealed record AcceptedDocument(string Key, long Version, byte[] Document, byte[] Signature)
{
    /// <summary>SHA-256 of <see cref="Document"/>, lower-case hex.</summary>
    public string Digest { get; } = Convert.ToHexStringLower(SHA256.HashData(Document));
}

/// <summary>
/// The host's durable memory of the signed documents it accepted (protocols/policy.md "Rollback across restarts"): read before any
/// file at start-up, so a version older than one accepted before a restart is refused after it exactly as before. One small JSON
/// file, replaced atomically (written beside it, flushed to disk, renamed over it) and created mode 600; a file that cannot be read
/// fails start-up instead of silently forgetting what it protects.
/// </summary>
public sealed class AcceptedDocumentStore
{
    /// <summary>A state file above this size is refused (a policy is at most 1 MiB; this is many versions of every country).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private readonly Lock _lock = new();
    private List<AcceptedDocument>? _documents;

    public AcceptedDocumentStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>Every document kept, in the order accepted; an absent file is an empty store.</summary>
    public IReadOnlyList<AcceptedDocument> Load()
    {
        lock (_lock)
        {
            return [.. Documents()];
        }
    }

    /// <summary>The highest version kept under <paramref name="key"/>, or null.</summary>
    public long? HighestVersion(string key)
    {
        lock (_lock)
        {
            return Documents().Where(d => d.Key == key).Select(d => (long?)d.Version).Max();
        }
    }

    /// <summary>
    /// Keeps <paramref name="document"/> durably (no-op when the same version and bytes are kept). With <paramref name="onlyLatest"/>,
    /// older versions under the same key are dropped (the registry: only the newest is ever used). Throws when the file cannot be written;
    /// the caller then does not put the document in force.
    /// </summary>
    public void Add(AcceptedDocument document, bool onlyLatest = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_lock)
        {
            // Re-read: another host sharing the file may have kept a version since (the rename makes each write whole).
            var documents = Read();
            if (documents.Any(d => d.Key == document.Key && d.Version == document.Version && d.Digest == document.Digest))
            {
                _documents = documents;
                return;
            }

            var next = onlyLatest ? documents.Where(d => d.Key != document.Key || d.Version > document.Version).ToList() : [.. documents];
            next.Add(document);
            Write(next);
            _documents = next;
        }
    }

    private List<AcceptedDocument> Documents() => _documents ??= Read();

    private List<AcceptedDocument> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                throw new InvalidOperationException($"The trust state file {Path} is larger than {MaxFileBytes} bytes.");
            }

            using var json = JsonDocument.Parse(stream);
            var documents = new List<AcceptedDocument>();
            foreach (var item in json.RootElement.GetProperty("documents").EnumerateArray())
            {
                documents.Add(new AcceptedDocument(
                    item.GetProperty("key").GetString() ?? throw new InvalidDataException("key is null"),
                    item.GetProperty("version").GetInt64(),
                    item.GetProperty("document").GetBytesFromBase64(),
                    item.GetProperty("signature").GetBytesFromBase64()));
            }

            return documents;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The trust state file {Path} cannot be read ({ex.GetType().Name}); restore it from a backup or, knowingly, remove it.", ex);
        }
    }

    private void Write(List<AcceptedDocument> documents)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, create))
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("format", 1);
                writer.WriteStartArray("documents");
                foreach (var d in documents)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", d.Key);
                    writer.WriteNumber("version", d.Version);
                    writer.WriteString("sha256", d.Digest);
                    writer.WriteBase64String("document", d.Document);
                    writer.WriteBase64String("signature", d.Signature);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
