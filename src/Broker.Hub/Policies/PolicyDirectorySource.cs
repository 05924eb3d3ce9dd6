using Broker.Hub.Trust;
using Broker.Policy.Signing;
using Broker.Policy.Store;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Policies;

/// <summary>
/// The sharing policies in force at the hub, loaded from a folder of signed documents and reloaded while running (file watcher
/// plus periodic rescan). A document is accepted only if it validates and its detached signature verifies under its country's
/// policy key in the current trust registry; anything else is refused, logged (EventId 2041) and the last good set stays in
/// force. An accepted version is handed to <see cref="Accepted"/> (the audit log records it) before routing may use it.
/// </summary>
public sealed partial class PolicyDirectorySource : IDisposable
{
    private readonly PolicyOptions _options;
    private readonly ITrustRegistrySource _trust;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PolicyStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (DateTime Written, long Length, DateTime SigWritten)> _seen = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private PolicySet _published = PolicySet.Empty;
    private int _refused;

    public PolicyDirectorySource(IOptions<PolicyOptions> options, ITrustRegistrySource trust, TimeProvider time, ILogger<PolicyDirectorySource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _trust = trust;
        _time = time;
        _logger = logger;
        _store = new PolicyStore(new CurrentRegistryVerifier(trust));
    }

    /// <summary>Called with each newly accepted version before it is used for routing (the audit log appends it here).</summary>
    public Func<AcceptedPolicy, CancellationToken, Task>? Accepted { get; set; }

    /// <summary>The set routing evaluates against: only versions already handed to <see cref="Accepted"/>.</summary>
    public PolicySet Current => Volatile.Read(ref _published);

    /// <summary>Documents refused since start (invalid, unsigned, bad signature, not newer).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Loads the folder once, then starts watching it (when enabled).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(_options.Directory))
        {
            throw new InvalidOperationException($"The policy folder '{_options.Directory}' (Policies:Directory) does not exist.");
        }

        await ScanAsync(cancellationToken).ConfigureAwait(false);
        if (!_options.ReloadOnChange)
        {
            return;
        }

        _watcher = new FileSystemWatcher(Path.GetFullPath(_options.Directory)) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        _watcher.Changed += (_, _) => Rescan();
        _watcher.Created += (_, _) => Rescan();
        _watcher.Renamed += (_, _) => Rescan();
        var every = TimeSpan.FromSeconds(_options.RescanSeconds);
        _timer = _time.CreateTimer(static state => ((PolicyDirectorySource)state!).Rescan(), this, every, every);
    }

    /// <summary>Offers every new or changed document of the folder to the store, in name order; returns the results of this scan.</summary>
    public async Task<IReadOnlyList<PolicyUpdateResult>> ScanAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var results = new List<PolicyUpdateResult>();
            var files = System.IO.Directory.GetFiles(_options.Directory, "*.policy.json").Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (await OfferAsync(file, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    results.Add(result);
                }
            }

            Volatile.Write(ref _published, _store.Current);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Rescan() => _ = RescanSafelyAsync();

#pragma warning disable CA1031 // A background rescan that fails is logged and retried at the next event or tick.
    private async Task RescanSafelyAsync()
    {
        try
        {
            await ScanAsync(CancellationToken.None).ConfigureAwait(false);
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
        _timer?.Dispose();
        _gate.Dispose();
    }

    /// <summary>Checks against whatever registry is in force when the document is offered (the registry can be reloaded too).</summary>
    private sealed class CurrentRegistryVerifier(ITrustRegistrySource trust) : IPolicySignatureVerifier
    {
        public bool Verify(CountryCode country, ReadOnlySpan<byte> document, ReadOnlySpan<byte> signature, DateTimeOffset at, out string? reason) =>
            new RegistryPolicySignatureVerifier(trust.Current).Verify(country, document, signature, at, out reason);
    }
}

/// <summary>A policy version the hub accepted: the exact document bytes and its detached signature, as the audit log records them.</summary>
public sealed record AcceptedPolicy(Broker.Policy.Model.PolicyVersionRef Policy, string File, byte[] Document, byte[] Signature);
