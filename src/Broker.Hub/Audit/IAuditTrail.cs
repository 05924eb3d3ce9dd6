using Broker.Protocol.AuditEntries;

namespace Broker.Hub.Audit;

/// <summary>
/// Where the hub appends to the tamper-evident audit log. When <see cref="AppendAsync"/> returns, the records are durable in the
/// order given (directly in the store, or in the sequencer's durable queue on hub-internal). The first record may be an
/// <see cref="EnvelopeReceived"/> whose sealed envelope is archived with it.
/// </summary>
public interface IAuditTrail
{
    Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="records"/> and then the routing receipt's entry in one submission, and returns the receipt's proven
    /// wire form (<c>[payload, entry, inclusion]</c>), or null when this trail cannot prove it (no log, or the sequencer runs in
    /// another process): the caller then signs the receipt. The default appends the records alone.
    /// </summary>
    async Task<byte[]?> AppendWithReceiptAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, RoutingReceiptIssued receipt, CancellationToken cancellationToken = default)
    {
        await AppendAsync(records, sealedEnvelope, cancellationToken).ConfigureAwait(false);
        return null;
    }
}

/// <summary>Appends nothing: only for <see cref="AuditMode.Off"/>, the benchmark's "audit off" comparison.</summary>
public sealed class NoAuditTrail : IAuditTrail
{
    public static NoAuditTrail Instance { get; } = new();

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
