using System.Collections.Concurrent;
using Broker.Hub.Audit;
using Broker.Protocol.AuditEntries;

namespace Broker.Hub.Tests.Support;

/// <summary>Collects the records the hub appends, in order, so tests read the audit log's view of every decision.</summary>
internal sealed class MemoryAuditTrail : IAuditTrail
{
    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, ReadOnlyMemory<byte> sealedEnvelope, CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            Records.Enqueue(record);
        }

        return Task.CompletedTask;
    }
}
