using Broker.Protocol.Transparency;

namespace Broker.Audit.Sequencing;

public sealed partial class AuditSequencer
{
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private ITimer? _timer;
    private SignedTreeHead? _latest;

    // TimeProvider timestamp of the last head this sequencer signed; NeverPublished until the first.
    private const long NeverPublished = long.MinValue;
    private long _lastPublishedAt = NeverPublished;

    /// <summary>The newest tree head this sequencer signed, if any.</summary>
    public SignedTreeHead? LatestTreeHead => Volatile.Read(ref _latest);

    /// <summary>Signs and stores a tree head over every entry appended so far (on demand: an auditor, a receipt, shutdown).</summary>
    public async Task<SignedTreeHead> PublishTreeHeadAsync(CancellationToken cancellationToken = default)
    {
        await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PublishLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>
    /// A receipt proving entry <paramref name="index"/> is in the log. It reuses the latest tree head when that covers the entry,
    /// so a burst of receipts costs one signature, not one each.
    /// </summary>
    public async Task<InclusionReceipt> CreateReceiptAsync(long index, CancellationToken cancellationToken = default)
    {
        var head = LatestTreeHead;
        if (head is null || head.TreeSize <= index)
        {
            await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                head = LatestTreeHead;
                if (head is null || head.TreeSize <= index)
                {
                    // Let the receipts of the next few milliseconds join this head (see ReceiptHeadSpacing), measured on
                    // the sequencer's clock like the log's timestamps.
                    var wait = SpacingLeft();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    }

                    head = await PublishLockedAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _publishGate.Release();
            }
        }

        if (head.TreeSize <= index)
        {
            throw new InvalidOperationException($"Entry {index} has not been appended yet.");
        }

        lock (_treeLock)
        {
            return new InclusionReceipt
            {
                EntryIndex = index,
                LeafHash = _tree.LeafHash(index),
                Path = _tree.InclusionProof(index, head.TreeSize),
                TreeHead = head,
            };
        }
    }

    private async Task<SignedTreeHead> PublishLockedAsync(CancellationToken cancellationToken)
    {
        long size;
        byte[] root;
        lock (_treeLock)
        {
            size = _tree.Size;
            root = _tree.RootHash(size);
        }

        var now = _time.GetUtcNow();
        var payload = SignedTreeHead.Payload(_options.LogId, size, now, root);
        var head = new SignedTreeHead { LogId = _options.LogId, TreeSize = size, Timestamp = now, RootHash = root, Signature = _signer.Sign(payload) };
        await _store.SaveTreeHeadAsync(head, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _latest, head);
        Volatile.Write(ref _lastPublishedAt, _time.GetTimestamp());
        return head;
    }

    private TimeSpan SpacingLeft()
    {
        var last = Volatile.Read(ref _lastPublishedAt);
        return last == NeverPublished ? TimeSpan.Zero : _options.ReceiptHeadSpacing - _time.GetElapsedTime(last);
    }

    private void StartTimer()
    {
        if (_options.PublishInterval > TimeSpan.Zero)
        {
            _timer = _time.CreateTimer(static state => _ = ((AuditSequencer)state!).PublishIfGrownAsync(), this, _options.PublishInterval, _options.PublishInterval);
        }
    }

    private async Task PublishIfGrownAsync()
    {
        if (!_publishGate.Wait(0))
        {
            return;
        }

        try
        {
            if (LatestTreeHead?.TreeSize != Size)
            {
                await PublishLockedAsync(_stopping.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A scheduled publication that fails is reported and retried at the next tick.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _options.ScheduledPublishFailed?.Invoke(e);
        }
        finally
        {
            _publishGate.Release();
        }
    }
}
