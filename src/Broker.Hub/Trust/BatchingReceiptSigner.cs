using System.Security.Cryptography;
using Broker.Hub.Durability;
using Broker.Protocol.Receipts;

namespace Broker.Hub.Trust;

/// <summary>Signs routing receipts for the router; returns the receipt's wire form.</summary>
public interface IReceiptSigner
{
    string HubId { get; }

    Task<byte[]> SignAsync(byte[] payload, CancellationToken cancellationToken = default);
}

/// <summary>
/// Signs receipts in batches: a composite signature costs milliseconds (ML-DSA-65), so receipts waiting at the same time
/// share one signature over the batch root (<see cref="RoutingReceiptCodec.AssembleBatched"/>); a lone receipt gets a plain
/// signature. Every receipt still verifies on its own against the hub key in the registry.
/// </summary>
public sealed class BatchingReceiptSigner : IReceiptSigner, IAsyncDisposable
{
    private readonly IHubSigner _signer;
    private readonly GroupCommitQueue<byte[], byte[]> _queue;

    public BatchingReceiptSigner(IHubSigner signer, int maxBatch = 64)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatch, RoutingReceiptCodec.MaxBatch);
        _signer = signer;
        _queue = new GroupCommitQueue<byte[], byte[]>(SignBatch, maxBatch, "receipt-signer");
    }

    public string HubId => _signer.HubId;

    public Task<byte[]> SignAsync(byte[] payload, CancellationToken cancellationToken = default) => _queue.EnqueueAsync(payload, cancellationToken);

    private byte[][] SignBatch(IReadOnlyList<byte[]> payloads)
    {
        if (payloads.Count == 1)
        {
            return [RoutingReceiptCodec.Assemble(payloads[0], _signer.Sign(RoutingReceiptCodec.SignaturePurpose, payloads[0]))];
        }

        var leaves = payloads.Select(p => SHA256.HashData(p)).ToList();
        var signature = _signer.Sign(RoutingReceiptCodec.BatchSignaturePurpose, RoutingReceiptCodec.BatchRoot(leaves));
        return payloads.Select((p, i) => RoutingReceiptCodec.AssembleBatched(p, signature, i, leaves)).ToArray();
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
