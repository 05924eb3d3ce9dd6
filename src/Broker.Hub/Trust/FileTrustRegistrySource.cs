using Broker.Hosting.Keys;
using Broker.Hosting.TrustState;
using Broker.Hub.Options;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Trust;

/// <summary>
/// Loads the signed registry at startup (an invalid one fails startup) and, when enabled, reloads it on file change.
/// A reload is accepted only when it verifies under the trust anchor and its version is not older (no rollback). The newest
/// registry accepted is kept in a trust state file (<see cref="TrustOptions.StatePath"/>) before it is in force and read before the
/// file at start-up, so the rule holds across restarts (protocols/keys-and-registry.md).
/// </summary>
internal sealed class FileTrustRegistrySource : ITrustRegistrySource, IHubSigner, IDisposable
{
    private readonly TrustOptions _options;
    private readonly SigningPublicKey _anchor;
    private readonly SigningKeyPair _hubKey;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly RegistryState _state;
    private TrustRegistry _current;
    private byte[] _currentDocument = [];
    private int _refused;

    public FileTrustRegistrySource(IOptions<TrustOptions> options, ILogger<FileTrustRegistrySource> logger, IOptions<Audit.AuditOptions>? audit = null)
    {
        _options = options.Value;
        _logger = logger;
        _anchor = KeyFiles.ReadSigningPublicKey(_options.TrustAnchorPath);
        _state = new RegistryState(string.IsNullOrWhiteSpace(_options.StatePath)
            ? HubStateFiles.Beside(audit?.Value ?? new Audit.AuditOptions(), "registry-state.json")
            : _options.StatePath);
        var file = LoadWithBytes() ?? throw new InvalidOperationException($"The trust registry '{_options.RegistryPath}' does not verify under the trust anchor.");

        // The newest registry accepted before a restart is read first: an older file is refused exactly as a reload of it would be.
        var first = _state.Choose(_anchor, file, out var rolledBack);
        if (rolledBack is { } older)
        {
            _logger.RegistryRollbackRefused(older, first.Registry.Version);
            Interlocked.Increment(ref _refused);
        }

        _current = first.Registry;
        _currentDocument = first.Document;
        _hubKey = KeyFiles.ReadSigningKeyPair(_options.HubSigningKeyPath);
        if (!_current.Hub.SigningKeys.Any(k => k.Key.Id == _hubKey.Id))
        {
            throw new InvalidOperationException("The hub signing key is not listed in the trust registry's hub entry.");
        }

        _logger.RegistryLoaded(_current.Version, _current.Agencies.Count);
        if (_options.ReloadOnChange)
        {
            var full = Path.GetFullPath(_options.RegistryPath);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full)) { EnableRaisingEvents = true };
            _watcher.Changed += (_, _) => Reload();
            _watcher.Created += (_, _) => Reload();
            _watcher.Renamed += (_, _) => Reload();
        }
    }

    public TrustRegistry Current => Volatile.Read(ref _current);

    /// <summary>The signed registry bytes of <see cref="Current"/>, as the audit log records them.</summary>
    public byte[] CurrentDocument => Volatile.Read(ref _currentDocument);

    /// <summary>Raised after a newer registry came into force (with its signed bytes).</summary>
    public event Action<TrustRegistry, byte[]>? Changed;

    public string HubId => Current.Hub.Id;

    /// <summary>Registry files refused since start (bad signature, unreadable, older version).</summary>
    public int RefusedReloads => Volatile.Read(ref _refused);

    public byte[] Sign(string purpose, ReadOnlySpan<byte> payload) => DetachedSignature.Sign(purpose, payload, _hubKey);

    private (TrustRegistry Registry, byte[] Bytes)? LoadWithBytes()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_options.RegistryPath);
        }
        catch (IOException)
        {
            return null; // Mid-write; the watcher fires again when the writer is done.
        }

        if (TrustRegistry.TryLoad(bytes, _anchor, out var registry, out var reason))
        {
            return (registry, bytes);
        }

        _logger.RegistryRejected(reason.ToString());
        Interlocked.Increment(ref _refused);
        return null;
    }

    private void Reload()
    {
        if (LoadWithBytes() is not var (loaded, bytes))
        {
            return;
        }

        if (loaded.Version < Current.Version)
        {
            _logger.RegistryRollbackRefused(loaded.Version, Current.Version);
            Interlocked.Increment(ref _refused);
            return;
        }

        var changed = loaded.Version > Current.Version;
        try
        {
            // Kept before it is in force: a restart must not fall back below it.
            _state.Keep(loaded, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _logger.RegistryRejected($"TrustStateNotWritten:{ex.GetType().Name}");
            Interlocked.Increment(ref _refused);
            return;
        }

        Volatile.Write(ref _currentDocument, bytes);
        Volatile.Write(ref _current, loaded);
        _logger.RegistryLoaded(loaded.Version, loaded.Agencies.Count);
        if (changed)
        {
            Changed?.Invoke(loaded, bytes);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _hubKey.Dispose();
    }
}
