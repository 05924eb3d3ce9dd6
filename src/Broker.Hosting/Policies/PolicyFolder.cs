using Broker.Hosting.TrustState;
using Broker.Policy.Model;
using Broker.Policy.Store;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting.Policies;

/// <summary>
/// The sharing policies in force in a host, loaded from a folder of signed documents and reloaded while it runs (file watcher plus
/// periodic rescan). Each scan offers every new or changed document, each country's files in version order, to a
/// <see cref="PolicyStore"/> that validates it and verifies its detached signature (<see cref="IPolicySignatureVerifier"/>); anything
/// else is refused and logged (EventId 6031) and the last good set stays in force. A newly accepted version is handed to
/// <see cref="Accepted"/> (the hub's audit log records it) before <see cref="Current"/> includes it. With a trust state file
/// (<see cref="PolicyFolderOptions.StatePath"/>), every accepted version is kept there before it is in force, and the kept versions are
/// offered before any file at start-up: an older signed document is refused after a restart exactly as before it.
/// </summary>
public sealed partial class PolicyFolder : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);
    private readonly PolicyFolderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PolicyStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);
    private readonly List<AcceptedPolicy> _unannounced = [];
    private readonly List<AcceptedPolicy> _unkept = [];
    private readonly AcceptedDocumentStore? _state;
    private bool _restored;
    private FileSystemWatcher? _watcher;
    private ITimer? _settle;
    private ITimer? _rescan;
    private PolicySet _published = PolicySet.Empty;
    private int _refused;

    public PolicyFolder(PolicyFolderOptions options, IPolicySignatureVerifier verifier, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        _options = options;
        _store = new PolicyStore(verifier);
        _time = time;
        _logger = logger;
        _state = string.IsNullOrWhiteSpace(options.StatePath) ? null : new AcceptedDocumentStore(options.StatePath);
    }

    public string Directory => _options.Directory;

    /// <summary>Called with each newly accepted version before <see cref="Current"/> includes it; a failure is retried at the next scan.</summary>
    public Func<AcceptedPolicy, CancellationToken, Task>? Accepted { get; set; }

    /// <summary>The set to evaluate against: only versions already handed to <see cref="Accepted"/>.</summary>
    public PolicySet Current => Volatile.Read(ref _published);

    /// <summary>Documents refused since start (invalid, unsigned, bad signature, not newer).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Loads the folder once (a missing folder fails), then watches it as configured.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(_options.Directory))
        {
            throw new InvalidOperationException($"The policy folder '{_options.Directory}' does not exist.");
        }

        await ScanAsync(cancellationToken).ConfigureAwait(false);
        StartWatching();
    }

    /// <summary>Offers every new or changed document, announces the accepted ones, then publishes the set; returns this scan's results.</summary>
    public async Task<IReadOnlyList<PolicyUpdateResult>> ScanAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var results = OfferChanged();
            KeepAccepted();
            while (_unannounced.Count > 0)
            {
                if (Accepted is { } hook)
                {
                    await hook(_unannounced[0], cancellationToken).ConfigureAwait(false);
                }

                _unannounced.RemoveAt(0);
            }

            Volatile.Write(ref _published, _store.Current);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// <see cref="ScanAsync"/> for a host without an <see cref="Accepted"/> hook (a gateway), where a scan does no asynchronous work.
    /// </summary>
    public IReadOnlyList<PolicyUpdateResult> Scan()
    {
        if (Accepted is not null)
        {
            throw new InvalidOperationException("A policy folder with an Accepted hook is scanned with ScanAsync.");
        }

        _gate.Wait();
        try
        {
            var results = OfferChanged();
            KeepAccepted();
            _unannounced.Clear();
            Volatile.Write(ref _published, _store.Current);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the periodic rescan and, when <see cref="PolicyFolderOptions.Watch"/> is set, the file watcher (once).</summary>
    public void StartWatching()
    {
        if (_rescan is not null)
        {
            return;
        }

        var every = TimeSpan.FromSeconds(_options.RescanSeconds);
        _rescan = _time.CreateTimer(static state => ((PolicyFolder)state!).Rescan(), this, every, every);
        if (!_options.Watch)
        {
            return;
        }

        // A document and its .sig are usually written together: an event waits a short pause, so both are offered in one scan.
        _settle = _time.CreateTimer(static state => ((PolicyFolder)state!).Rescan(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetFullPath(_options.Directory))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += (_, _) => Wake();
        _watcher.Created += (_, _) => Wake();
        _watcher.Renamed += (_, _) => Wake();
        _watcher.Deleted += (_, _) => Wake();
        _watcher.Error += (_, _) => Wake();
        _watcher.EnableRaisingEvents = true;
    }

    private void Wake()
    {
        try
        {
            _settle?.Change(Settle, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private void Rescan() => _ = RescanSafelyAsync();

#pragma warning disable CA1031 // A background rescan that fails is logged and retried at the next event or tick; the policies in force stay.
    private async Task RescanSafelyAsync()
    {
        try
        {
            await ScanAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            _logger.PolicyScanFailed(_options.Directory, ex);
        }
    }
#pragma warning restore CA1031

    public void Dispose()
    {
        _watcher?.Dispose();
        _settle?.Dispose();
        _rescan?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>A policy version a host accepted: the exact document bytes and its detached signature, as the audit log records them.</summary>
public sealed record AcceptedPolicy(PolicyVersionRef Policy, string File, byte[] Document, byte[] Signature);
