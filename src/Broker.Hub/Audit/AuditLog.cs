using Broker.Audit.Sequencing;
using Broker.Audit.Storage;
using Broker.Hub.Trust;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Receipts;
using Broker.Protocol.Transparency;
using Microsoft.Extensions.Options;

namespace Broker.Hub.Audit;

/// <summary>
/// The hub's end of the audit log: opens the store and, where this instance is the sequencer host, runs the single
/// <see cref="AuditSequencer"/> with the hub's signing key as the log key. Registry and policy versions are appended once
/// each (the log is scanned for those already recorded at start), so several instances announcing the same policy make one entry.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private readonly AuditOptions _options;
    private readonly IHubSigner _signer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<long> _registries = [];
    private readonly HashSet<(string Country, long Version)> _policies = [];
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly TaskCompletionSource<AuditSequencer> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditLog(IOptions<AuditOptions> options, IHubSigner signer, TimeProvider time, ILogger<AuditLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _signer = signer;
        _time = time;
        _logger = logger;
        Store = _options.Store switch
        {
            AuditStoreKind.Sqlite => new SqliteAuditStore(Broker.Hosting.Storage.PrivateFiles.Ensure(_options.SqlitePath)),
            AuditStoreKind.Postgres => new PostgresAuditStore(_options.PostgresConnectionString
                ?? throw new InvalidOperationException("Audit:PostgresConnectionString is required when Audit:Store is Postgres."), _options.PostgresSchema),
            _ => throw new InvalidOperationException($"Unknown audit store '{_options.Store}'."),
        };
    }

    public IAuditStore Store { get; }

    /// <summary>The running sequencer (waits until <see cref="StartSequencerAsync"/> has completed).</summary>
    public Task<AuditSequencer> Sequencer => _started.Task;

    public async Task StartSequencerAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Store == AuditStoreKind.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.SqlitePath))!);
        }

        await Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var stored in Store.ReadEntriesAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (AuditEntryCodec.TryDecode(stored.Entry, out var entry, out _))
            {
                Remember(entry.Record);
            }
        }

        var sequencer = await AuditSequencer.StartAsync(Store, new HubTreeHeadSigner(_signer), _time, new AuditSequencerOptions
        {
            LogId = _options.LogId,
            PublishInterval = TimeSpan.FromSeconds(_options.TreeHeadIntervalSeconds),
            ReceiptHeadSpacing = TimeSpan.FromMilliseconds(_options.ReceiptTreeHeadSpacingMilliseconds),
            ScheduledPublishFailed = ex => _logger.AuditTreeHeadFailed(ex),
        }, cancellationToken).ConfigureAwait(false);
        var mode = _options.Mode.ToString();
        var size = sequencer.Size;
        _logger.AuditLogStarted(size, mode);
        _started.TrySetResult(sequencer);
    }

    /// <summary>Signs a last tree head at shutdown (after the ingress consumer stopped), so every entry is covered by a head.</summary>
    public async Task PublishFinalTreeHeadAsync(CancellationToken cancellationToken = default)
    {
        if (_started.Task.IsCompletedSuccessfully && _started.Task.Result is { Size: > 0 } sequencer
            && sequencer.LatestTreeHead?.TreeSize != sequencer.Size)
        {
            await sequencer.PublishTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends in order; registry and policy versions already in the log are skipped. Returns when durable.</summary>
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sequencer = await Sequencer.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (records.Any(r => r is RegistryChanged or PolicyChanged))
        {
            // Serialised so two announcements of one version cannot both pass the check.
            await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var record in records.Where(IsNew))
                {
                    await sequencer.AppendAsync(record, default, cancellationToken).ConfigureAwait(false);
                    Remember(record);
                }
            }
            finally
            {
                _changes.Release();
            }

            return;
        }

        var appends = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            appends[i] = sequencer.AppendAsync(records[i], records[i] is EnvelopeReceived ? sealedEnvelope : default, cancellationToken);
        }

        await Task.WhenAll(appends).ConfigureAwait(false);
    }

    /// <summary>Appends the records and the receipt's entry together, then builds the receipt's wire form with the entry's inclusion proof.</summary>
    public async Task<byte[]?> AppendWithReceiptAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, RoutingReceiptIssued receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(receipt);
        var sequencer = await Sequencer.WaitAsync(cancellationToken).ConfigureAwait(false);
        var appends = new Task<AppendedEntry>[records.Count + 1];
        for (var i = 0; i < records.Count; i++)
        {
            appends[i] = sequencer.AppendAsync(records[i], records[i] is EnvelopeReceived ? sealedEnvelope : default, cancellationToken);
        }

        appends[^1] = sequencer.AppendAsync(receipt, default, cancellationToken);
        await Task.WhenAll(appends).ConfigureAwait(false);
        var appended = await appends[^1].ConfigureAwait(false);
        var entry = AuditEntryCodec.Encode(new AuditEntry(appended.Index, appended.Timestamp, receipt));
        if (!MerkleHash.Leaf(entry).AsSpan().SequenceEqual(appended.LeafHash))
        {
            return null; // Never expected: the encoding is canonical. The caller signs the receipt instead.
        }

        var inclusion = await sequencer.CreateReceiptAsync(appended.Index, cancellationToken).ConfigureAwait(false);
        return RoutingReceiptCodec.AssembleProven(receipt.Payload, entry, InclusionReceiptCodec.Encode(inclusion));
    }

    private bool IsNew(AuditRecord record) => record switch
    {
        RegistryChanged r => !_registries.Contains(r.Version),
        PolicyChanged p => !_policies.Contains((p.Country.ToString(), p.Version)),
        _ => true,
    };

    private void Remember(AuditRecord record)
    {
        switch (record)
        {
            case RegistryChanged r:
                _registries.Add(r.Version);
                break;
            case PolicyChanged p:
                _policies.Add((p.Country.ToString(), p.Version));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started.Task.IsCompletedSuccessfully)
        {
            await _started.Task.Result.DisposeAsync().ConfigureAwait(false);
        }

        await Store.DisposeAsync().ConfigureAwait(false);
        _changes.Dispose();
    }

    /// <summary>The log key is the hub's signing key (listed in the registry's hub entry), purpose broker/v1/tree-head.</summary>
    private sealed class HubTreeHeadSigner(IHubSigner signer) : ITreeHeadSigner
    {
        public byte[] Sign(ReadOnlySpan<byte> payload) => signer.Sign(SignedTreeHead.SignaturePurpose, payload);
    }
}

/// <summary>Appends in this process (single instance, or the sequencer host).</summary>
public sealed class DirectAuditTrail(AuditLog log) : IAuditTrail
{
    public Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default) =>
        log.AppendAsync(records, sealedEnvelope, cancellationToken);

    public Task<byte[]?> AppendWithReceiptAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, RoutingReceiptIssued receipt, CancellationToken cancellationToken = default) =>
        log.AppendWithReceiptAsync(records, sealedEnvelope, receipt, cancellationToken);
}
